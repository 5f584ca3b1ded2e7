import { describe, expect, it } from "vitest";
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
});
