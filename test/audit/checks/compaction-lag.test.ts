import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "../../support/blocks";

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
});
