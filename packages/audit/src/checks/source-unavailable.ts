import type { Check } from "../check.js";
import type { BucketAccessKind } from "../errors.js";
import type { Finding } from "../finding.js";

/** The fix of a bucket that cannot be read, by its real cause. */
export const ACCESS_FIXES: Record<BucketAccessKind, string> = {
  "missing-directory":
    "the directory does not exist: check the file:// path (absolute, e.g. file:///data/thanos) or create it",
  "not-a-directory":
    "the path is a file: give the bucket's root directory, the one holding the <ULID>/ block directories",
  "permission-denied":
    "the audit's user may not read it: grant it read access (and execute on directories), or run as a user who can",
  "no-credentials":
    "no AWS credentials were found: set AWS_PROFILE (then aws sso login) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role is attached",
  "invalid-credentials":
    "AWS refused the credentials (unknown key, wrong secret or expired token): refresh them (aws sso login) or fix the keys",
  "no-such-bucket":
    "no bucket of that name here: check the name in s3://bucket, the account, and AWS_REGION / AWS_ENDPOINT_URL_S3",
  "access-denied":
    "grant the audit's identity s3:ListBucket on the bucket and s3:GetObject on its objects; check the bucket policy and KMS key",
};

/** The fix of a read stopped at its deadline: none, unless it keeps happening. */
export const STOPPED_FIX =
  "nothing to do: the next run continues from the progress saved in the audit cache; if every run stops, raise the audit Lambda's timeout";

const FIXES = {
  bucket: "check the bucket URL, the audit's s3:ListBucket/s3:GetObject permissions and the bucket name",
  ecs: "check the audit's ecs:DescribeServices/ListTasks/DescribeTasks permissions and the cluster/service names",
  metrics:
    "check the compactor task runs and that the audit reaches its port 10902 (security group, Cloud Map name)",
  "shard metrics":
    "check the Thanos Query Frontend runs and that the audit reaches FLEETWATCH_QUERY_URL (port 10902, security group, Cloud Map name)",
} as const;

/**
 * One evidence source could not be read: the audit judged from the others. A bucket that could not be read for
 * a known cause ({@link BucketAccessKind}) gets the fix of that cause. A read stopped at the run's deadline is a
 * warning: the bucket is only unread yet (a cold cache on a big bucket), and the following runs finish it.
 */
export const sourceUnavailable: Check = {
  id: "source-unavailable",
  run({ compactor, shards, bucketError, bucketAccess, bucketStopped }) {
    const failed: [keyof typeof FIXES, string][] = [];
    if (bucketError !== undefined) failed.push(["bucket", bucketError]);
    if (compactor.ecs && !compactor.ecs.ok) failed.push(["ecs", compactor.ecs.error]);
    if (compactor.metrics && !compactor.metrics.ok) failed.push(["metrics", compactor.metrics.error]);
    if (shards && !shards.ok) failed.push(["shard metrics", shards.error]);
    return failed.map(
      ([source, error]): Finding => ({
        id: "source-unavailable",
        severity: source === "bucket" && !bucketStopped ? "critical" : "warning",
        subject: source,
        evidence: `could not read ${source}: ${error}`.slice(0, 300),
        fix:
          source !== "bucket"
            ? FIXES[source]
            : bucketStopped
              ? STOPPED_FIX
              : bucketAccess
                ? ACCESS_FIXES[bucketAccess]
                : FIXES.bucket,
      }),
    );
  },
};
