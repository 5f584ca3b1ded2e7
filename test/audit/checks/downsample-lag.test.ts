import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, DAY, HOUR, NOW } from "../../support/blocks";

const T = NOW - 10 * DAY;

describe("downsample-lag", () => {
  it.each([
    { name: "a 48h raw block with its 5m block", fiveMinutes: true, spanH: 48, lagging: 0 },
    { name: "a 48h raw block without a 5m block", fiveMinutes: false, spanH: 48, lagging: 1 },
    { name: "an 8h raw block (too short to downsample)", fiveMinutes: false, spanH: 8, lagging: 0 },
  ])("$name", ({ fiveMinutes, spanH, lagging }) => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + spanH * HOUR, level: 3 });
    if (fiveMinutes) fixture.block({ minTime: T, maxTime: T + spanH * HOUR, level: 3, resolution: 300_000 });
    expect(findingsOf(fixture, "downsample-lag")).toHaveLength(lagging);
  });

  it("gives the compactor time after the upload, and nothing when downsampling is off", () => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + 48 * HOUR, level: 3, writtenAt: NOW - 2 * HOUR });
    expect(findingsOf(fixture, "downsample-lag")).toEqual([]);
    const old = new BucketFixture();
    old.block({ minTime: T, maxTime: T + 48 * HOUR, level: 3 });
    expect(findingsOf(old, "downsample-lag", { config: { downsampling: false } })).toEqual([]);
  });

  it("expects 1h blocks for 5m blocks spanning 10 days", () => {
    const fixture = new BucketFixture();
    const start = NOW - 40 * DAY;
    fixture.block({ minTime: start, maxTime: start + 14 * DAY, level: 4, resolution: 300_000 });
    expect(findingsOf(fixture, "downsample-lag").map((f) => f.evidence)).toEqual([
      expect.stringContaining("5m -> 1h"),
    ]);
  });
});
