import { type BucketAccessKind, buildView, DEFAULT_AUDIT_CONFIG, judge } from "@fleetwatch/audit";
import { BucketFixture } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { ACCESS_FIXES } from "../../../packages/audit/src/checks/source-unavailable.js";
import { findingsOf } from "../../support/audit";
import { HEALTHY_ECS } from "../../support/compactor";

describe("source-unavailable", () => {
  it.each([
    {
      name: "everything readable",
      compactor: { ecs: { ok: true as const, value: HEALTHY_ECS } },
      bucketError: undefined,
      subjects: [],
    },
    { name: "not configured sources", compactor: {}, bucketError: undefined, subjects: [] },
    {
      name: "ECS denied",
      compactor: { ecs: { ok: false as const, error: "AccessDeniedException" } },
      bucketError: undefined,
      subjects: ["ecs"],
    },
    {
      name: "metrics and bucket unreadable",
      compactor: { metrics: { ok: false as const, error: "ECONNREFUSED" } },
      bucketError: "list: failed after retries",
      subjects: ["bucket", "metrics"],
    },
  ])("$name", ({ compactor, bucketError, subjects }) => {
    const findings = findingsOf(new BucketFixture(), "source-unavailable", {
      compactor,
      ...(bucketError ? { bucketError } : {}),
    });
    expect(findings.map((f) => f.subject)).toEqual(subjects);
  });

  it("gives each real cause of an unreadable bucket its own fix; file causes never talk about S3", () => {
    const fixes = new Set<string>();
    for (const kind of Object.keys(ACCESS_FIXES) as BucketAccessKind[]) {
      const view = buildView([], { texts: new Map() });
      const report = judge(view, {}, { bucket: "b", config: DEFAULT_AUDIT_CONFIG, now: 0 }, "denied", kind);
      const [finding] = report.findings.filter((f) => f.id === "source-unavailable");
      expect(finding?.fix).toBe(ACCESS_FIXES[kind]);
      fixes.add(finding?.fix ?? "");
      if (["missing-directory", "not-a-directory", "permission-denied"].includes(kind))
        expect(finding?.fix).not.toMatch(/s3|S3|AWS/);
    }
    expect(fixes.size).toBe(Object.keys(ACCESS_FIXES).length);
  });

  it.each([
    {
      kind: "missing-directory",
      fix: "the directory does not exist: check the file:// path (absolute, e.g. file:///data/thanos) or create it",
    },
    {
      kind: "not-a-directory",
      fix: "the path is a file: give the bucket's root directory, the one holding the <ULID>/ block directories",
    },
    {
      kind: "permission-denied",
      fix: "the audit's user may not read it: grant it read access (and execute on directories), or run as a user who can",
    },
    {
      kind: "no-credentials",
      fix: "no AWS credentials were found: set AWS_PROFILE (then aws sso login) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role is attached",
    },
    {
      kind: "invalid-credentials",
      fix: "AWS refused the credentials (unknown key, wrong secret or expired token): refresh them (aws sso login) or fix the keys",
    },
    {
      kind: "no-such-bucket",
      fix: "no bucket of that name here: check the name in s3://bucket, the account, and AWS_REGION / AWS_ENDPOINT_URL_S3",
    },
    {
      kind: "access-denied",
      fix: "grant the audit's identity s3:ListBucket on the bucket and s3:GetObject on its objects; check the bucket policy and KMS key",
    },
  ] satisfies { kind: BucketAccessKind; fix: string }[])("a bucket unreadable for $kind", ({ kind, fix }) => {
    const findings = findingsOf(new BucketFixture(), "source-unavailable", {
      bucketError: "list: refused",
      bucketAccess: kind,
    });
    expect(findings).toEqual([
      {
        id: "source-unavailable",
        severity: "critical",
        subject: "bucket",
        evidence: "could not read bucket: list: refused",
        fix,
      },
    ]);
  });

  it("gives the compactor's sources their own fixes, even when the bucket's cause is known", () => {
    const findings = findingsOf(new BucketFixture(), "source-unavailable", {
      compactor: {
        ecs: { ok: false, error: "AccessDeniedException" },
        metrics: { ok: false, error: "ECONNREFUSED" },
      },
      bucketError: "list: denied",
      bucketAccess: "access-denied",
    });
    expect(findings.filter((f) => f.subject !== "bucket")).toEqual([
      {
        id: "source-unavailable",
        severity: "warning",
        subject: "ecs",
        evidence: "could not read ecs: AccessDeniedException",
        fix: "check the audit's ecs:DescribeServices/ListTasks/DescribeTasks permissions and the cluster/service names",
      },
      {
        id: "source-unavailable",
        severity: "warning",
        subject: "metrics",
        evidence: "could not read metrics: ECONNREFUSED",
        fix: "check the compactor task runs and that the audit reaches its port 10902 (security group, Cloud Map name)",
      },
    ]);
  });

  it("gives a bucket of unknown cause the general fix, and cuts a long error at 300 characters", () => {
    const [finding] = findingsOf(new BucketFixture(), "source-unavailable", { bucketError: "e".repeat(400) });
    expect(finding).toEqual({
      id: "source-unavailable",
      severity: "critical",
      subject: "bucket",
      evidence: `could not read bucket: ${"e".repeat(300 - 23)}`,
      fix: "check the bucket URL, the audit's s3:ListBucket/s3:GetObject permissions and the bucket name",
    });
  });
});
