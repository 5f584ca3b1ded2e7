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

/**
 * Defaults for every Lambda of the app: the nodejs24.x runtime, arm64, JSON logs kept for the configured days.
 * A function may still set its own.
 */
export function applyFunctionDefaults(config: ResolvedConfig): void {
  $transform(sst.aws.Function, (args) => {
    args.runtime ??= "nodejs24.x";
    args.architecture ??= "arm64";
    args.logging ??= {
      retention: logRetention(config.logRetentionDays) as "1 month",
      format: "json",
    };
  });
}
