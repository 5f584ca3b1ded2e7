import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

describe("compaction-lag", () => {
  it.each([
    { name: "only recent level-1 blocks", from: NOW - 20 * HOUR, lagging: 0 },
    { name: "level-1 blocks from 2 days ago", from: NOW - 48 * HOUR, lagging: 1 },
  ])("$name", ({ from, lagging }) => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, from, NOW - 2 * HOUR);
    const findings = findingsOf(fixture, "compaction-lag");
    expect(findings).toHaveLength(lagging);
    if (lagging) expect(findings[0]?.evidence).toMatch(/^\d+ level-1 raw block\(s\) not compacted/);
  });

  it("leaves out a dead stream's last, incomplete 8h range and no-compact-marked blocks", () => {
    const fixture = new BucketFixture();
    const eightH = 8 * HOUR;
    const start = Math.floor((NOW - 72 * HOUR) / eightH) * eightH;
    fixture.block({ minTime: start - eightH, maxTime: start, level: 2 });
    const lone = fixture.block({ minTime: start, maxTime: start + 2 * HOUR });
    expect(findingsOf(fixture, "compaction-lag")).toEqual([]);
    const marked = fixture.block({ minTime: start - 2 * eightH, maxTime: start - 2 * eightH + 2 * HOUR });
    fixture.marker(marked, "no-compact-mark.json", { no_compact_time: 1, reason: "manual" }, NOW);
    expect(findingsOf(fixture, "compaction-lag")).toEqual([]);
    expect(lone).toBeDefined();
  });

  it.each([
    { age: "exactly 24h", ageMs: 24 * HOUR, lagging: 0 },
    { age: "24h + 1 ms", ageMs: 24 * HOUR + 1, lagging: 1 },
  ])("a level-1 block ending $age ago: $lagging finding(s)", ({ ageMs, lagging }) => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: NOW - ageMs - 2 * HOUR, maxTime: NOW - ageMs });
    rawBlocks(fixture, STREAM_A0, NOW - 4 * HOUR, NOW - 2 * HOUR);
    expect(findingsOf(fixture, "compaction-lag")).toHaveLength(lagging);
  });

  it("leaves out a dead stream's last 8h range when its newest block ends exactly on the range's end", () => {
    const fixture = new BucketFixture();
    const eightH = 8 * HOUR;
    const start = Math.floor((NOW - 72 * HOUR) / eightH) * eightH;
    rawBlocks(fixture, STREAM_A0, start, start + eightH);
    expect(findingsOf(fixture, "compaction-lag")).toEqual([]);
    rawBlocks(fixture, STREAM_A0, start - eightH, start);
    expect(findingsOf(fixture, "compaction-lag").map((f) => f.evidence)).toEqual([
      expect.stringMatching(/^4 level-1 raw block/),
    ]);
  });

  it("judges raw blocks only", () => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: NOW - 72 * HOUR, maxTime: NOW - 70 * HOUR, resolution: 300_000 });
    rawBlocks(fixture, STREAM_A0, NOW - 4 * HOUR, NOW - 2 * HOUR);
    expect(findingsOf(fixture, "compaction-lag")).toEqual([]);
  });

  it("counts the lagging blocks and names the oldest", () => {
    const fixture = new BucketFixture();
    const [oldest] = rawBlocks(fixture, STREAM_A0, NOW - 48 * HOUR, NOW - 2 * HOUR);
    expect(findingsOf(fixture, "compaction-lag")).toEqual([
      {
        id: "compaction-lag",
        severity: "warning",
        subject: '{fleetwatch_group="default",prometheus_replica="0"}',
        evidence: `11 level-1 raw block(s) not compacted; the oldest (${oldest}) ends 1d22h ago (limit 1d)`,
        fix: "check the compactor: is it running, halted (thanos_compact_halted), or out of disk?",
      },
    ]);
  });
});
