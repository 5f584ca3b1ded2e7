import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  MalformedEventError,
  parseWorkItem,
  RECONCILE_TUNING,
  reconcilePage,
  type WorkerDeps,
} from "@fleetwatch/onboarding";
import { S3StatusStore, SqsWorkQueue } from "@fleetwatch/onboarding-aws";
import middy from "@middy/core";
import type { SQSEvent } from "aws-lambda";
import { Resource } from "sst";
import { logger } from "../shared/observability";
import { onboardingDeps, queueMessages } from "./context";

const deps: WorkerDeps = {
  ...onboardingDeps(Resource.OnboardingStateBucket.name),
  queue: new SqsWorkQueue(
    new SQSClient({}),
    Resource.OnboardingReconcileQueues.work,
    Resource.OnboardingReconcileQueues.deadLetter,
  ),
  status: new S3StatusStore(new S3Client({}), Resource.OnboardingStateBucket.name),
};

/**
 * A reconcile worker: one work item (batch size 1), one page of one region. A page that failed throws, so the
 * queue hands the item out again and the failure shows in the function's errors; on the last delivery the
 * domain reports the region failed and dead-letters the item with the reason. A malformed item is
 * dead-lettered at once.
 */
export const handler = middy(async (event: SQSEvent) => {
  for (const message of queueMessages(event)) {
    let item: ReturnType<typeof parseWorkItem>;
    try {
      item = parseWorkItem(message.body);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      logger.warn("dead-lettering a malformed work item", {
        messageId: message.messageId,
        reason: error.message,
      });
      await deps.queue.deadLetter(message.body, error.message);
      continue;
    }
    const delivery = {
      receiveCount: message.receiveCount,
      maxReceiveCount: RECONCILE_TUNING.maxReceiveCount,
    };
    const report = await reconcilePage(item, deps, delivery);
    const where = {
      runId: item.run.id,
      region: item.region,
      ...(item.account ? { account: item.account } : {}),
      page: item.page,
    };
    if (report.kind === "retry") throw new Error(`reconcile ${report.error}`);
    if (report.kind === "unreachable")
      logger.warn("reconcile account unreachable: reported, not retried", { ...where, error: report.error });
    else if (report.kind === "dead-lettered")
      logger.error("reconcile page given up", { ...where, error: report.error });
    else
      logger.info("reconcile page", {
        ...where,
        instances: report.instances,
        next: report.next !== undefined,
        counts: report.counts,
        securityGroups: report.securityGroups,
        ...(report.published ? { status: report.published } : {}),
      });
    if (report.statusError)
      logger.error("reconcile status not written", { ...where, error: report.statusError });
  }
}).use(injectLambdaContext(logger));
