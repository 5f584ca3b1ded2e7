import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { ECSClient } from "@aws-sdk/client-ecs";
import { assertRolledOut, checkRollouts, ROLLOUT_CLUSTER_ENV, type RolloutVerdict } from "@fleetwatch/audit";
import { EcsRolloutReader } from "@fleetwatch/audit-aws";
import middy from "@middy/core";
import { z } from "zod";
import { logger } from "../shared/observability";

/** What the deploy's `aws.lambda.Invocation` sends: every monitoring service and the revision it registered. */
const eventSchema = z.strictObject({
  services: z.array(z.strictObject({ service: z.string().min(1), taskDefinition: z.string().min(1) })),
});

export type RolloutCheckEvent = z.infer<typeof eventSchema>;

/** Time kept back from the function's timeout for the last reads and the answer. */
const MARGIN_MS = 30_000;
/** Between two reads of deployments still in progress. */
const POLL_MS = 15_000;

/**
 * After every deploy: fails (and so fails `sst deploy`, through its `aws.lambda.Invocation`) unless every monitoring
 * service runs the revision the deploy registered. Names each other service with the circuit breaker's reason and
 * its last stopped task's.
 */
export const handler = middy(
  async (event: unknown, context: { getRemainingTimeInMillis(): number }): Promise<RolloutVerdict[]> => {
    const { services } = eventSchema.parse(event);
    const cluster = process.env[ROLLOUT_CLUSTER_ENV];
    if (!cluster) throw new Error(`rollout check: ${ROLLOUT_CLUSTER_ENV} is not set`);
    const reader = new EcsRolloutReader(new ECSClient({}), cluster);
    const verdicts = await checkRollouts(reader, services, {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS,
      intervalMs: POLL_MS,
    });
    logger.info("rollout check", { verdicts });
    assertRolledOut(verdicts);
    return verdicts;
  },
).use(injectLambdaContext(logger));
