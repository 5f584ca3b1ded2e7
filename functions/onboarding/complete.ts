import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { handleCommandResults } from "@fleetwatch/onboarding";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { Resource } from "sst";
import { logger } from "../shared/observability";
import { batchDeps, queueMessages } from "./context";

const deps = batchDeps(Resource.OnboardingQueues.result, Resource.OnboardingQueues.deadLetter);

/** SSM command results of fleetwatch's document: tag installed / failed / uninstalled, in batches. */
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const result = await handleCommandResults(queueMessages(event), deps);
  logger.info("completion batch", {
    messages: event.Records.length,
    retried: result.batchItemFailures.length,
  });
  return result;
}).use(injectLambdaContext(logger));
