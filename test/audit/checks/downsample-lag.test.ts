import { BucketFixture, DAY, HOUR, NOW } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

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

  it.each([
    { name: "its first half", from: 0, to: 24, lagging: 1 },
    { name: "its second half", from: 24, to: 48, lagging: 1 },
    { name: "all of it", from: 0, to: 48, lagging: 0 },
    { name: "more than all of it", from: -8, to: 56, lagging: 0 },
  ])("a 48h raw block whose 5m block covers $name: $lagging lagging", ({ from, to, lagging }) => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + 48 * HOUR, level: 3 });
    fixture.block({ minTime: T + from * HOUR, maxTime: T + to * HOUR, level: 3, resolution: 300_000 });
    expect(findingsOf(fixture, "downsample-lag")).toHaveLength(lagging);
  });

  it.each([
    { span: "39h", spanMs: 39 * HOUR, lagging: 0 },
    { span: "exactly 40h", spanMs: 40 * HOUR, lagging: 1 },
  ])("a raw block spanning $span: $lagging lagging", ({ spanMs, lagging }) => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + spanMs, level: 3 });
    expect(findingsOf(fixture, "downsample-lag")).toHaveLength(lagging);
  });

  it.each([
    { uploaded: "exactly 24h ago", writtenAt: NOW - 24 * HOUR, lagging: 0 },
    { uploaded: "24h + 1 ms ago", writtenAt: NOW - 24 * HOUR - 1, lagging: 1 },
  ])("a block uploaded $uploaded: $lagging lagging", ({ writtenAt, lagging }) => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + 48 * HOUR, level: 3, writtenAt });
    expect(findingsOf(fixture, "downsample-lag")).toHaveLength(lagging);
  });

  it("skips blocks with a no-downsample mark", () => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: T, maxTime: T + 48 * HOUR, level: 3 });
    const mark = { no_downsample_time: Math.floor(NOW / 1000), reason: "manual" };
    fixture.marker(ulid, "no-downsample-mark.json", mark, NOW);
    expect(findingsOf(fixture, "downsample-lag")).toEqual([]);
  });

  it("expects nothing of 1h blocks, the last resolution (raw and 5m gone by retention)", () => {
    const fixture = new BucketFixture();
    const start = NOW - 300 * DAY;
    fixture.block({ minTime: start, maxTime: start + 14 * DAY, level: 4, resolution: 3_600_000 });
    expect(findingsOf(fixture, "downsample-lag")).toEqual([]);
  });

  it("names the step, the grace time and an example block", () => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: T, maxTime: T + 48 * HOUR, level: 3 });
    fixture.block({ minTime: T + 48 * HOUR, maxTime: T + 96 * HOUR, level: 3 });
    expect(findingsOf(fixture, "downsample-lag", { config: { downsampleLagMs: 36 * HOUR } })).toEqual([
      {
        id: "downsample-lag",
        severity: "warning",
        subject: '{fleetwatch_group="default",prometheus_replica="0"}',
        evidence: `2 block(s) not downsampled raw -> 5m after 36h, e.g. ${ulid}`,
        fix: "check the compactor's downsampling (thanos_compact_downsample_failures_total, disk space) and that it runs without --downsampling.disable",
      },
    ]);
  });
});
