import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { handleStateChanges } from "@fleetwatch/onboarding";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { Resource } from "sst";
import { logger } from "../shared/observability";
import { batchDeps, queueMessages } from "./context";

const deps = batchDeps(Resource.OnboardingQueues.launch, Resource.OnboardingQueues.deadLetter);

/**
 * EC2 "running" events from the launch queue: one batched onboarding pass. Instances not yet Online with SSM
 * (and throttled calls) stay on the queue with a backoff; malformed messages are dead-lettered with a reason.
 */
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const result = await handleStateChanges(queueMessages(event), deps);
  logger.info("onboarding batch", {
    messages: event.Records.length,
    retried: result.batchItemFailures.length,
  });
  return result;
}).use(injectLambdaContext(logger));
