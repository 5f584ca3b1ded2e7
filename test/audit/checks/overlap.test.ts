import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW, STREAM_A0, STREAM_A1 } from "../../support/blocks";

const T = NOW - 48 * HOUR;

describe("overlap", () => {
  it.each([
    {
      name: "adjacent blocks (half-open ranges)",
      second: { minTime: T + 2 * HOUR, maxTime: T + 4 * HOUR },
      overlaps: 0,
    },
    { name: "an overlapping block", second: { minTime: T + HOUR, maxTime: T + 3 * HOUR }, overlaps: 1 },
    { name: "a contained block", second: { minTime: T + HOUR / 2, maxTime: T + HOUR }, overlaps: 1 },
    {
      name: "the same range in another replica",
      second: { minTime: T, maxTime: T + 2 * HOUR, labels: STREAM_A1 },
      overlaps: 0,
    },
    {
      name: "the same range at another resolution",
      second: { minTime: T, maxTime: T + 2 * HOUR, resolution: 300_000 as const, level: 2 },
      overlaps: 0,
    },
  ])("$name: $overlaps finding(s)", ({ second, overlaps }) => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + 2 * HOUR, labels: STREAM_A0 });
    const ulid = fixture.block({ labels: STREAM_A0, ...second });
    const findings = findingsOf(fixture, "overlap");
    expect(findings).toHaveLength(overlaps);
    if (overlaps) expect(findings[0]).toMatchObject({ severity: "critical", subject: ulid });
  });

  it("ignores deletion-marked blocks", () => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + 2 * HOUR });
    const dup = fixture.block({ minTime: T, maxTime: T + 2 * HOUR });
    fixture.marker(dup, "deletion-mark.json", { deletion_time: Math.floor(NOW / 1000) }, NOW);
    expect(findingsOf(fixture, "overlap")).toEqual([]);
  });

  it("ignores sidecar uploads younger than the consistency delay, not compactor output", () => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + 2 * HOUR });
    fixture.block({ minTime: T, maxTime: T + 2 * HOUR, writtenAt: NOW - 60_000 });
    expect(findingsOf(fixture, "overlap")).toEqual([]);
    fixture.block({ minTime: T, maxTime: T + 8 * HOUR, level: 2, writtenAt: NOW - 60_000 });
    expect(findingsOf(fixture, "overlap")).toHaveLength(1);
  });
});
