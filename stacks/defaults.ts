import type { ResolvedConfig } from "@fleetwatch/config";

/** SST's log retention names, by days (CloudWatch's allowed values; the config validates the days). */
const RETENTION_NAMES: Record<number, string> = {
  1: "1 day",
  3: "3 days",
  5: "5 days",
  7: "1 week",
  14: "2 weeks",
  30: "1 month",
  60: "2 months",
  90: "3 months",
  120: "4 months",
  150: "5 months",
  180: "6 months",
  365: "1 year",
  400: "13 months",
  545: "18 months",
  731: "2 years",
  1096: "3 years",
  1827: "5 years",
  2192: "6 years",
  2557: "7 years",
  2922: "8 years",
  3288: "9 years",
  3653: "10 years",
};

/** The SST name of a log retention in days, e.g. 30 -> "1 month". */
export function logRetention(days: number): string {
  const name = RETENTION_NAMES[days];
  if (!name) throw new Error(`log retention of ${days} days is not one CloudWatch allows`);
  return name;
}

/** The trust policy of a deployed Lambda's role: the Lambda service, nobody else. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

type FunctionArgs = sst.aws.FunctionArgs;
type RoleTransform = NonNullable<NonNullable<FunctionArgs["transform"]>["role"]>;
type RoleTransformFunction = Extract<RoleTransform, (...args: never[]) => unknown>;

/**
 * The role transform of a function: trust only lambda.amazonaws.com unless the function runs live in `sst dev`
 * (SST's own trust policy then, which adds the account root for the local bridge), then the function's own
 * role transform, if any. SST 4.17.1 means to do this itself, but tests `!dev` on an Output, which is always
 * false, so every stage got the account root.
 */
export function lambdaOnlyTrust(
  args: Pick<FunctionArgs, "dev" | "live">,
  own?: RoleTransform,
): RoleTransformFunction {
  const inDev = $dev;
  const live = $util
    .all([args.dev, args.live])
    .apply(([dev, live]) => inDev && dev !== false && live !== false);
  return (roleArgs, opts, name) => {
    roleArgs.assumeRolePolicy = $util
      .all([live, roleArgs.assumeRolePolicy])
      .apply(([isLive, fromSst]) => (isLive ? fromSst : LAMBDA_TRUST_POLICY));
    if (typeof own === "function") own(roleArgs, opts, name);
    else if (own) Object.assign(roleArgs, own);
    return undefined;
  };
}

/**
 * Defaults for every Lambda of the app: the nodejs24.x runtime, arm64, JSON logs kept for the configured days.
 * A function may still set its own. Its role trusts only the Lambda service outside `sst dev`.
 */
export function applyFunctionDefaults(config: ResolvedConfig): void {
  $transform(sst.aws.Function, (args) => {
    args.runtime ??= "nodejs24.x";
    args.architecture ??= "arm64";
    args.logging ??= {
      retention: logRetention(config.logRetentionDays) as "1 month",
      format: "json",
    };
    args.transform = { ...args.transform, role: lambdaOnlyTrust(args, args.transform?.role) };
  });
}
