import { BucketFixture, DAY, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { streamStale } from "../../../packages/audit/src/checks/stream-stale.js";
import { findingsOf, runCheck } from "../../support/audit";

describe("stream-stale", () => {
  it.each([
    { age: "2h", ageMs: 2 * HOUR, severity: undefined },
    { age: "exactly 4h", ageMs: 4 * HOUR, severity: undefined },
    { age: "4h + 1 ms", ageMs: 4 * HOUR + 1, severity: "warning" },
    { age: "5h", ageMs: 5 * HOUR, severity: "warning" },
    { age: "exactly 6h", ageMs: 6 * HOUR, severity: "warning" },
    { age: "6h + 1 ms", ageMs: 6 * HOUR + 1, severity: "critical" },
    { age: "30h", ageMs: 30 * HOUR, severity: "critical" },
  ])("a stream whose newest block ended $age ago: $severity", ({ ageMs, severity }) => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - ageMs - 6 * HOUR, NOW - ageMs);
    rawBlocks(fixture, STREAM_A1, NOW - 8 * HOUR, NOW - 2 * HOUR);
    const findings = findingsOf(fixture, "stream-stale");
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity) expect(findings[0]?.subject).toBe('{fleetwatch_group="default",prometheus_replica="0"}');
  });

  it("uses the configured thresholds", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 5 * HOUR, NOW - 3 * HOUR);
    expect(findingsOf(fixture, "stream-stale", { config: { staleWarningMs: 2 * HOUR } })).toHaveLength(1);
  });

  it("judges freshness by raw blocks only, ignoring deletion-marked ones", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 12 * HOUR, NOW - 10 * HOUR);
    fixture.block({ minTime: NOW - 4 * HOUR, maxTime: NOW - 2 * HOUR, resolution: 300_000, level: 2 });
    const marked = fixture.block({ minTime: NOW - 4 * HOUR, maxTime: NOW - 2 * HOUR });
    fixture.marker(marked, "deletion-mark.json", { deletion_time: NOW / 1000 }, NOW);
    expect(findingsOf(fixture, "stream-stale").map((f) => f.severity)).toEqual(["critical"]);
  });

  it.each([
    { severity: "warning", ageH: 5, ends: "2026-11-20T07:00:00Z", limit: "4h" },
    { severity: "critical", ageH: 7, ends: "2026-11-20T05:00:00Z", limit: "6h" },
  ])(
    "says when the newest block ended and the $severity limit it passed",
    ({ severity, ageH, ends, limit }) => {
      const fixture = new BucketFixture();
      rawBlocks(fixture, STREAM_A0, NOW - ageH * HOUR - 2 * HOUR, NOW - ageH * HOUR);
      expect(findingsOf(fixture, "stream-stale")).toEqual([
        {
          id: "stream-stale",
          severity,
          subject: '{fleetwatch_group="default",prometheus_replica="0"}',
          evidence: `newest raw block ends ${ends}, ${ageH}h ago (limit ${limit}; normal lag 1-3h)`,
          fix: "check this replica's Prometheus and Thanos sidecar task: is it running, and do its sidecar logs show uploads?",
        },
      ]);
    },
  );

  it("does not judge a stream that has only downsampled blocks (raw data past retention)", () => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: NOW - 60 * DAY, maxTime: NOW - 46 * DAY, resolution: 300_000, level: 4 });
    expect(runCheck(streamStale, fixture)).toEqual([]);
  });
});
