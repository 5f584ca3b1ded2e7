import type { PlannedResource, SyncPlanCheck } from "../problem.js";
import { ofType, type RuleRef, Tally } from "../tally.js";

const RULE: RuleRef = {
  id: "sqs-visibility-timeout",
  ruleClass: "cross-resource",
  source:
    "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (queue visibility timeout)",
};

/** SQS's default when a queue sets none. */
const DEFAULT_VISIBILITY = 30;
/** Lambda's default when a function sets none. */
const DEFAULT_TIMEOUT = 3;

/** The name an ARN ends with: `arn:aws:sqs:region:account:name`, `arn:aws:lambda:...:function:name[:alias]`. */
function arnName(arn: string): string {
  const parts = arn.split(":");
  const fn = parts.indexOf("function");
  return (fn >= 0 ? parts[fn + 1] : parts.at(-1)) ?? arn;
}

/** The resource whose `name` input is the name, or the last part of the ARN, that `ref` gives. */
function byName(resources: readonly PlannedResource[], ref: string): PlannedResource | undefined {
  const name = ref.startsWith("arn:") ? arnName(ref) : ref;
  return resources.find(
    (r) => r.inputs.name === name || (typeof r.inputs.arn === "string" && r.inputs.arn === ref),
  );
}

/**
 * An SQS queue's visibility timeout against its consumer: Lambda refuses a mapping whose queue hides messages for
 * less than the function's timeout, and AWS asks for six times the timeout plus the batching window so that
 * retries of a throttled or failed batch do not hand the same messages to a second invocation.
 */
export const checkSqsVisibility: SyncPlanCheck = (plan) => {
  const tally = new Tally();
  const queues = ofType(plan, "aws:sqs/queue:Queue");
  const functions = ofType(plan, "aws:lambda/function:Function");
  for (const mapping of ofType(plan, "aws:lambda/eventSourceMapping:EventSourceMapping")) {
    const { eventSourceArn, functionName } = mapping.inputs;
    if (typeof eventSourceArn !== "string" || !eventSourceArn.startsWith("arn:aws:sqs:")) continue;
    if (typeof functionName !== "string") continue;
    const queue = byName(queues, eventSourceArn);
    const fn = byName(functions, functionName);
    if (!queue || !fn) continue;
    const visibility = numberOr(queue.inputs.visibilityTimeoutSeconds, DEFAULT_VISIBILITY);
    const timeout = numberOr(fn.inputs.timeout, DEFAULT_TIMEOUT);
    const window = numberOr(mapping.inputs.maximumBatchingWindowInSeconds, 0);
    const wanted = 6 * timeout + window;
    const what = `queue ${queue.name} hides messages for ${visibility}s; its consumer ${fn.name} (via ${mapping.name}) runs up to ${timeout}s`;
    tally.check(
      RULE,
      queue,
      "visibilityTimeoutSeconds",
      visibility < timeout
        ? `${what}: Lambda refuses a mapping whose queue's visibility timeout is below the function's timeout`
        : visibility < wanted
          ? `${what} with a ${window}s batching window: AWS asks for at least 6 x ${timeout} + ${window} = ${wanted}s`
          : undefined,
    );
  }
  return tally.result;
};

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}
