import type { SyncPlanCheck } from "../problem.js";
import { ofType, type RuleRef, Tally } from "../tally.js";

/** The only retention periods PutRetentionPolicy takes, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const RULE: RuleRef = {
  id: "log-retention-days",
  ruleClass: "documented",
  source:
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html (retentionInDays)",
};

/** Log group retention: CloudWatch Logs refuses any other number of days (0 in Pulumi means never expire). */
export const checkLogRetention: SyncPlanCheck = (plan) => {
  const tally = new Tally();
  for (const group of ofType(plan, "aws:cloudwatch/logGroup:LogGroup")) {
    const days = group.inputs.retentionInDays;
    if (typeof days !== "number" || days === 0) continue;
    tally.check(
      RULE,
      group,
      "retentionInDays",
      LOG_RETENTION_DAYS.includes(days)
        ? undefined
        : `${days} days is not a retention CloudWatch Logs offers (${LOG_RETENTION_DAYS.join(", ")})`,
    );
  }
  return tally.result;
};
