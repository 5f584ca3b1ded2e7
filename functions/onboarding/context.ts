import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  type BatchDeps,
  type BatchResult,
  MEMBERSHIP_REQUEST_TIMEOUT_MS,
  type OnboardingSettings,
  type QueueMessage,
  UnitMembership,
} from "@fleetwatch/onboarding";
import {
  awsPorts,
  organizationsDirectory,
  SqsMessageQueue,
  stsMemberCredentials,
} from "@fleetwatch/onboarding-aws";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { Resource } from "sst";
import { logger } from "../shared/observability";

/** The onboarding settings the stack linked (computed once from the config at deploy). */
export function linkedSettings(): OnboardingSettings {
  const { type: _, ...settings } = Resource.OnboardingSettings;
  return settings;
}

/** The session name of the onboarding Lambdas in member accounts (their CloudTrail shows it). */
export const MEMBER_SESSION_NAME = "fleetwatch-onboarding";

/**
 * Ports, settings and clock shared by the onboarding handlers; built once per container. `stateBucket`: the
 * state bucket holding the reservation ledgers, for the handlers that send commands. With member accounts, their
 * credentials are cached for the container's life (one AssumeRole per account while they last).
 */
export function onboardingDeps(stateBucket?: string) {
  const settings = linkedSettings();
  const accounts = settings.accounts;
  const members = accounts
    ? {
        credentials: stsMemberCredentials(accounts.memberRoleName, MEMBER_SESSION_NAME),
      }
    : undefined;
  const ports = awsPorts({
    documentName: settings.documentName,
    ...(stateBucket ? { stateBucket } : {}),
    ...(members ? { members } : {}),
  });
  return { settings, ports, now: () => new Date() };
}

/**
 * Everything a queue-driven handler needs: the onboarding deps plus its queue and dead-letter queue, and in
 * Organization mode the units' accounts, cached for the container's life (see `UnitMembership`; members mode
 * makes no Organizations call).
 */
export function batchDeps(queueUrl: string, deadLetterUrl: string, stateBucket?: string): BatchDeps {
  const sqs = new SQSClient({});
  const deps = onboardingDeps(stateBucket);
  const units = deps.settings.accounts?.units ?? [];
  return {
    ...deps,
    ...(units.length > 0
      ? {
          membership: new UnitMembership({
            directory: organizationsDirectory(MEMBERSHIP_REQUEST_TIMEOUT_MS),
            units,
            now: deps.now,
            log: logger,
          }),
        }
      : {}),
    queue: new SqsMessageQueue(sqs, queueUrl, deadLetterUrl),
    log: logger,
  };
}

/** SQS records as the domain's queue messages. */
export function queueMessages(event: SQSEvent): QueueMessage[] {
  return event.Records.map((r) => ({
    messageId: r.messageId,
    receiptHandle: r.receiptHandle,
    body: r.body,
    receiveCount: Number(r.attributes.ApproximateReceiveCount) || 1,
  }));
}

/**
 * A Lambda handler for one of the onboarding queues: the batch goes to one domain function, which returns the
 * messages to retry (partial batch response); the Lambda context is added to every log line.
 */
export function queueHandler(
  process: (messages: QueueMessage[], deps: BatchDeps) => Promise<BatchResult>,
  deps: BatchDeps,
  what: string,
) {
  return middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const result = await process(queueMessages(event), deps);
    logger.info(what, { messages: event.Records.length, retried: result.batchItemFailures.length });
    return result;
  }).use(injectLambdaContext(logger));
}
