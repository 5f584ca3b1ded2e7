import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  type CoordinatorDeps,
  RECONCILE_TUNING,
  type ReconcileTrigger,
  startRun,
} from "@fleetwatch/onboarding";
import { organizationsDirectory, SqsWorkQueue } from "@fleetwatch/onboarding-aws";
import middy from "@middy/core";
import { Resource } from "sst";
import { logger } from "../shared/observability";
import { linkedSettings } from "./context";

/** What started the reconcile: the schedule, or the one-off invocation after a deploy. */
export interface ReconcileEvent {
  trigger?: ReconcileTrigger;
}

/** What the coordinator answers; the deploy's `aws.lambda.Invocation` gets it as its result. */
export type CoordinatorResult =
  | { trigger: ReconcileTrigger; runId: string; enqueued: number }
  | { trigger: ReconcileTrigger; error: string };

let deps: CoordinatorDeps | undefined;

/**
 * Built on first use, inside the handler's try: nothing at module load can throw (a throw there is an init
 * error, which the deploy's invocation would report as a FunctionError). The SQS client's requests are bounded
 * (5 s, the SDK's 3 attempts), so the coordinator's few calls stay far inside its timeout.
 */
function coordinatorDeps(): CoordinatorDeps {
  const settings = linkedSettings();
  deps ??= {
    settings,
    // Organization mode: the units' accounts, listed at each run (bounded like the SQS client).
    ...(settings.accounts?.units.length
      ? {
          directory: organizationsDirectory(RECONCILE_TUNING.sqsRequestTimeoutMs),
        }
      : {}),
    queue: new SqsWorkQueue(
      new SQSClient({
        maxAttempts: 3,
        requestHandler: { requestTimeout: RECONCILE_TUNING.sqsRequestTimeoutMs },
      }),
      Resource.OnboardingReconcileQueues.work,
      Resource.OnboardingReconcileQueues.deadLetter,
    ),
    now: () => new Date(),
  };
  return deps;
}

/**
 * The reconcile coordinator: starts a run by enqueuing one work item per account x region; the workers
 * (reconcile-worker.ts) reconcile page by page. On schedule a failure throws, so it shows in the function's
 * errors (and the next schedule tries again).
 *
 * After a deploy it cannot fail the deploy: `aws.lambda.Invocation` fails `sst deploy` on any FunctionError,
 * and the ways to get one are all closed here. A thrown error: everything, the building of its clients
 * included, runs inside the try and is returned as `{ error }`. A timeout: its work is a SendMessageBatch per 10
 * regions, each request bounded by 5 s and 3 attempts, against a 60-second timeout, and it never waits on the
 * fleet (the workers' pages are asynchronous). An init error: module scope only imports and builds no client.
 */
export const handler = middy(async (event: ReconcileEvent = {}): Promise<CoordinatorResult> => {
  const trigger = event.trigger ?? "schedule";
  try {
    const { run, items } = await startRun(trigger, coordinatorDeps());
    logger.info("reconcile run started", { trigger, runId: run.id, enqueued: items.length });
    return { trigger, runId: run.id, enqueued: items.length };
  } catch (error) {
    if (trigger === "schedule") throw error;
    logger.error("reconcile after deploy not started; the schedule starts the next", {
      error: error as Error,
    });
    return { trigger, error: (error as Error).message };
  }
}).use(injectLambdaContext(logger));
