import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "../../support/blocks";
import { HEALTHY_METRICS } from "../../support/compactor";

describe("compactor-stalled", () => {
  it.each([
    { name: "first run (nothing to compare)", previous: undefined, iterations: 10, stalled: false },
    {
      name: "iterations grew",
      previous: { at: NOW - HOUR, iterations: 9, compactionFailures: 0, lastProgressAt: NOW - 5 * HOUR },
      iterations: 10,
      stalled: false,
    },
    {
      name: "unchanged for 1h",
      previous: { at: NOW - HOUR, iterations: 10, compactionFailures: 0, lastProgressAt: NOW - HOUR },
      iterations: 10,
      stalled: false,
    },
    {
      name: "unchanged for 5h",
      previous: { at: NOW - HOUR, iterations: 10, compactionFailures: 0, lastProgressAt: NOW - 5 * HOUR },
      iterations: 10,
      stalled: true,
    },
    {
      name: "counter reset (restart)",
      previous: { at: NOW - HOUR, iterations: 50, compactionFailures: 0, lastProgressAt: NOW - 5 * HOUR },
      iterations: 1,
      stalled: false,
    },
  ])("$name: stalled $stalled", ({ previous, iterations, stalled }) => {
    const compactor = {
      metrics: { ok: true as const, value: { ...HEALTHY_METRICS, iterations } },
      ...(previous ? { previous } : {}),
    };
    expect(findingsOf(new BucketFixture(), "compactor-stalled", { compactor })).toHaveLength(stalled ? 1 : 0);
  });

  it("judges from the bucket when /metrics cannot be read", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 60 * HOUR, NOW - 2 * HOUR);
    const compactor = { metrics: { ok: false as const, error: "timeout" } };
    const findings = findingsOf(fixture, "compactor-stalled", { compactor });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toContain("judged from the bucket");
    expect(findingsOf(fixture, "compactor-stalled")).toEqual([]);
  });
});
