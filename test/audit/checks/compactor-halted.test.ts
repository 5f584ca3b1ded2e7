import { BucketFixture } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { HEALTHY_METRICS } from "../../support/compactor";

describe("compactor-halted", () => {
  it.each([
    { halted: 0, found: false },
    { halted: 1, found: true },
    { halted: undefined, found: false },
  ])("thanos_compact_halted=$halted: $found", ({ halted, found }) => {
    const metrics = { ok: true as const, value: { ...HEALTHY_METRICS, halted } };
    const findings = findingsOf(new BucketFixture(), "compactor-halted", { compactor: { metrics } });
    expect(findings.map((f) => f.severity)).toEqual(found ? ["critical"] : []);
  });

  it("says nothing when /metrics could not be read", () => {
    const compactor = { metrics: { ok: false as const, error: "ECONNREFUSED" } };
    expect(findingsOf(new BucketFixture(), "compactor-halted", { compactor })).toEqual([]);
  });

  it("tells to read the halt reason and restart", () => {
    const metrics = { ok: true as const, value: { ...HEALTHY_METRICS, halted: 1 } };
    expect(findingsOf(new BucketFixture(), "compactor-halted", { compactor: { metrics } })).toEqual([
      {
        id: "compactor-halted",
        severity: "critical",
        subject: "compactor",
        evidence:
          "thanos_compact_halted is 1: the compactor stopped compacting and stays halted until restarted",
        fix: "read the compactor's log for the halt reason (usually an overlap), repair the bucket, then restart the task",
      },
    ]);
  });
});
