import type { Check } from "../check.js";
import type { Finding } from "../finding.js";

const FIXES = {
  bucket: "check the audit's s3:ListBucket/s3:GetObject permissions and the bucket name",
  ecs: "check the audit's ecs:DescribeServices/ListTasks/DescribeTasks permissions and the cluster/service names",
  metrics:
    "check the compactor task runs and that the audit reaches its port 10902 (security group, Cloud Map name)",
} as const;

/** One evidence source could not be read: the audit judged from the others. */
export const sourceUnavailable: Check = {
  id: "source-unavailable",
  run({ compactor, bucketError }) {
    const failed: [keyof typeof FIXES, string][] = [];
    if (bucketError !== undefined) failed.push(["bucket", bucketError]);
    if (compactor.ecs && !compactor.ecs.ok) failed.push(["ecs", compactor.ecs.error]);
    if (compactor.metrics && !compactor.metrics.ok) failed.push(["metrics", compactor.metrics.error]);
    return failed.map(
      ([source, error]): Finding => ({
        id: "source-unavailable",
        severity: source === "bucket" ? "critical" : "warning",
        subject: source,
        evidence: `could not read ${source}: ${error}`.slice(0, 300),
        fix: FIXES[source],
      }),
    );
  },
};
