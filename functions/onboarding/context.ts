import { SQSClient } from "@aws-sdk/client-sqs";
import type { BatchDeps, OnboardingSettings, QueueMessage } from "@fleetwatch/onboarding";
import { awsPorts, SqsMessageQueue } from "@fleetwatch/onboarding-aws";
import type { SQSEvent } from "aws-lambda";
import { Resource } from "sst";
import { logger } from "../shared/observability";

/** The onboarding settings the stack linked (computed once from the config at deploy). */
export function linkedSettings(): OnboardingSettings {
  const { type: _, ...settings } = Resource.OnboardingSettings;
  return settings;
}

/** Ports, settings and clock shared by the onboarding handlers; built once per container. */
export function onboardingDeps() {
  const settings = linkedSettings();
  return { settings, ports: awsPorts({ documentName: settings.documentName }), now: () => new Date() };
}

/** Everything a queue-driven handler needs: the onboarding deps plus its queue and dead-letter queue. */
export function batchDeps(queueUrl: string, deadLetterUrl: string): BatchDeps {
  const sqs = new SQSClient({});
  return { ...onboardingDeps(), queue: new SqsMessageQueue(sqs, queueUrl, deadLetterUrl), log: logger };
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
