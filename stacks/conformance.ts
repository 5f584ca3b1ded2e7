import type { ResolvedConfig } from "@fleetwatch/config";
import {
  ConformanceError,
  type ConformanceResult,
  checkPlan,
  PLAN_CHECKS,
  type PlanContext,
  type PlannedResource,
  simulationCheck,
} from "@fleetwatch/conformance";
import { simulationSubject } from "./calls";

/**
 * The whole plan of a stage against AWS's rules: every rule family, and the IAM simulation of every call the
 * stage's Lambdas and tasks make (and of the calls they must be refused). What `npm run plan` prints.
 */
export function checkStage(
  plan: readonly PlannedResource[],
  context: PlanContext,
  config: ResolvedConfig,
): Promise<ConformanceResult> {
  return checkPlan(plan, context, [...PLAN_CHECKS, simulationCheck(simulationSubject(config))]);
}

/**
 * Resources whose rules read other resources: a queue's consumer is judged with the queue and the function
 * (both are registered, and their inputs resolved, before the mapping that joins them).
 */
const READS: Record<string, readonly string[]> = {
  "aws:lambda/eventSourceMapping:EventSourceMapping": ["aws:sqs/queue:Queue", "aws:lambda/function:Function"],
};

/** How the app treats conformance errors: stop the deploy, or leave them to the plan's report. */
export type ConformanceMode = "enforce" | "report";

/**
 * The conformance mode of this run: `report` under the offline plan (which checks the whole plan at once and
 * prints every problem) and in `sst dev` (whose Lambda roles must trust the account), `enforce` otherwise.
 */
export function conformanceMode(): ConformanceMode {
  if ($dev) return "report";
  return process.env.FLEETWATCH_CONFORMANCE === "report" ? "report" : "enforce";
}

/**
 * Makes `sst deploy` stop before it creates a resource that AWS would reject or that grants what it must not: each
 * resource's inputs, once resolved, are checked by the same rules as `npm run plan`, and its properties wait for
 * the verdict. A resource with an error is never sent to AWS; the deploy fails naming it, the rule and the source.
 */
export function enforceConformance(context: $util.Input<PlanContext>): void {
  const registered = new Map<string, $util.Output<PlannedResource>[]>();
  $util.runtime.registerStackTransformation((args) => {
    // Cloud resources only: components are `sst:*`, providers `pulumi:providers:*`.
    if (!args.type.startsWith("aws:")) return undefined;
    const self = $util.output(args.props).apply(
      (inputs): PlannedResource => ({
        type: args.type,
        name: args.name,
        inputs: inputs as Record<string, unknown>,
      }),
    );
    const others = (READS[args.type] ?? []).flatMap((type) => registered.get(type) ?? []);
    registered.set(args.type, [...(registered.get(args.type) ?? []), self]);
    const verdict = $util
      .all([self, $util.output(context), $util.all(others)])
      .apply(async ([resource, ctx, rest]) => {
        const result = await checkPlan([resource, ...rest], ctx as PlanContext);
        const errors = result.problems.filter((p) => p.severity === "error" && p.resource === resource.name);
        if (errors.length > 0) throw new ConformanceError(errors);
        return true;
      });
    const props: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args.props)) {
      props[key] = $util.all([verdict, value]).apply(([, resolved]) => resolved);
    }
    return { props, opts: args.opts };
  });
}
