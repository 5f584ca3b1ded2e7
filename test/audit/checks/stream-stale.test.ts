import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "../../support/blocks";

describe("stream-stale", () => {
  it.each([
    { ageH: 2, severity: undefined },
    { ageH: 4, severity: undefined },
    { ageH: 5, severity: "warning" },
    { ageH: 7, severity: "critical" },
    { ageH: 30, severity: "critical" },
  ])("a stream whose newest block ended $ageH h ago: $severity", ({ ageH, severity }) => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - ageH * HOUR - 6 * HOUR, NOW - ageH * HOUR);
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
});
