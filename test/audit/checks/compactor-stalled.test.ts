import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, ulidAt } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { compactorStalled } from "../../../packages/audit/src/checks/compactor-stalled.js";
import { findingsOf, runCheck } from "../../support/audit";
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

  /** Metrics whose iterations counter stayed at 120 since `lastProgressAt`. */
  function unchangedSince(lastProgressAt: number) {
    return {
      metrics: { ok: true as const, value: HEALTHY_METRICS },
      previous: { at: NOW - HOUR, iterations: 120, compactionFailures: 0, lastProgressAt },
    };
  }

  it.each([
    { idle: "exactly 3h", lastProgressAt: NOW - 3 * HOUR, stalled: false },
    { idle: "3h + 1 ms", lastProgressAt: NOW - 3 * HOUR - 1, stalled: true },
  ])("unchanged for $idle: stalled $stalled (the limit is inclusive)", ({ lastProgressAt, stalled }) => {
    const compactor = unchangedSince(lastProgressAt);
    expect(findingsOf(new BucketFixture(), "compactor-stalled", { compactor })).toHaveLength(stalled ? 1 : 0);
  });

  it("says how long the counter stayed where, from the metrics", () => {
    const compactor = unchangedSince(NOW - 5 * HOUR);
    expect(findingsOf(new BucketFixture(), "compactor-stalled", { compactor })).toEqual([
      {
        id: "compactor-stalled",
        severity: "critical",
        subject: "compactor",
        evidence: "thanos_compact_iterations_total stayed at 120 for 5h (limit 3h)",
        fix: "the compactor runs but does not finish iterations: read its logs; a huge group or a slow bucket may need more CPU or --compact.concurrency",
      },
    ]);
  });

  it("judges nothing from metrics without the iterations counter on a first run", () => {
    const compactor = {
      metrics: { ok: true as const, value: { ...HEALTHY_METRICS, iterations: undefined } },
    };
    expect(runCheck(compactorStalled, new BucketFixture(), { compactor })).toEqual([]);
  });

  describe("from the bucket, when /metrics cannot be read", () => {
    const unreadable = { metrics: { ok: false as const, error: "timeout" } };

    /** A level-1 raw block ending `ageMs` ago. */
    function blockEnding(fixture: BucketFixture, ageMs: number): string {
      return fixture.block({ minTime: NOW - ageMs - 2 * HOUR, maxTime: NOW - ageMs });
    }

    it.each([
      { age: "25h", ageMs: 25 * HOUR, stuck: 0 },
      { age: "exactly 27h (compaction lag + stall)", ageMs: 27 * HOUR, stuck: 0 },
      { age: "27h + 1 ms", ageMs: 27 * HOUR + 1, stuck: 1 },
    ])("a level-1 block ending $age ago: $stuck stuck", ({ ageMs, stuck }) => {
      const fixture = new BucketFixture();
      blockEnding(fixture, ageMs);
      expect(runCheck(compactorStalled, fixture, { compactor: unreadable })).toHaveLength(stuck);
    });

    it("counts only level-1 blocks that are neither marked for deletion nor excluded from compaction", () => {
      const fixture = new BucketFixture();
      const old = 40 * HOUR;
      fixture.block({ minTime: NOW - old - 8 * HOUR, maxTime: NOW - old, level: 2 });
      const deleted = blockEnding(fixture, old);
      fixture.marker(deleted, "deletion-mark.json", { deletion_time: Math.floor(NOW / 1000) }, NOW);
      const excluded = blockEnding(fixture, old + 2 * HOUR);
      fixture.marker(excluded, "no-compact-mark.json", { no_compact_time: 1, reason: "manual" }, NOW);
      fixture.put(`${ulidAt(NOW - old)}/chunks/000001`, "x", NOW - old);
      expect(runCheck(compactorStalled, fixture, { compactor: unreadable })).toEqual([]);
      blockEnding(fixture, old + 4 * HOUR);
      blockEnding(fixture, old + 6 * HOUR);
      blockEnding(fixture, 2 * HOUR);
      expect(findingsOf(fixture, "compactor-stalled", { compactor: unreadable })).toEqual([
        {
          id: "compactor-stalled",
          severity: "warning",
          subject: "compactor",
          evidence: "judged from the bucket (metrics unreadable): 2 level-1 block(s) older than 1d3h",
          fix: "make the compactor's /metrics reachable from the audit, and check that the compactor runs",
        },
      ]);
    });
  });
});
