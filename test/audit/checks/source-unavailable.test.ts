import { type BucketAccessKind, buildView, DEFAULT_AUDIT_CONFIG, judge } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { ACCESS_FIXES } from "../../../packages/audit/src/checks/source-unavailable.js";
import { findingsOf } from "../../support/audit";
import { BucketFixture } from "../../support/blocks";
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
});
