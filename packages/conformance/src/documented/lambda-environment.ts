import type { SyncPlanCheck } from "../problem.js";
import { ofType, type RuleRef, Tally } from "../tally.js";

/** The most a function's environment variables may take in all, keys and values, in bytes. */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;

const RULE: RuleRef = {
  id: "lambda-environment-size",
  ruleClass: "documented",
  source:
    "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (environment variables: 4 KB, the total of all)",
};

/**
 * A function's environment: Lambda refuses CreateFunction and UpdateFunctionConfiguration when its variables (keys
 * and values) exceed 4 KB in all. Values not known at plan time count as empty.
 */
export const checkLambdaEnvironment: SyncPlanCheck = (plan) => {
  const tally = new Tally();
  for (const fn of ofType(plan, "aws:lambda/function:Function")) {
    const environment = fn.inputs.environment as { variables?: Record<string, unknown> } | undefined;
    const variables = environment?.variables;
    if (!variables) continue;
    const bytes = Object.entries(variables).reduce(
      (sum, [key, value]) =>
        sum + Buffer.byteLength(key) + (typeof value === "string" ? Buffer.byteLength(value) : 0),
      0,
    );
    tally.check(
      RULE,
      fn,
      "environment.variables",
      bytes <= LAMBDA_ENVIRONMENT_BYTES
        ? undefined
        : `the variables take ${bytes} bytes; Lambda allows ${LAMBDA_ENVIRONMENT_BYTES} in all`,
    );
  }
  return tally.result;
};
