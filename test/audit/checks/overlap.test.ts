import { BucketFixture, HOUR, NOW, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

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

  it("counts a sidecar upload exactly the consistency delay old, not one a millisecond younger", () => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: T, maxTime: T + 2 * HOUR });
    fixture.block({ minTime: T, maxTime: T + 2 * HOUR, writtenAt: NOW - 30 * 60_000 + 1 });
    expect(findingsOf(fixture, "overlap")).toEqual([]);
    const settled = fixture.block({ minTime: T, maxTime: T + 2 * HOUR, writtenAt: NOW - 30 * 60_000 });
    expect(findingsOf(fixture, "overlap").map((f) => f.subject)).toEqual([settled]);
  });

  it("names both ranges, the block overlapped, the group and the mark command", () => {
    const fixture = new BucketFixture();
    const first = fixture.block({ minTime: T, maxTime: T + 2 * HOUR });
    const second = fixture.block({ minTime: T + HOUR, maxTime: T + 3 * HOUR });
    expect(findingsOf(fixture, "overlap")).toEqual([
      {
        id: "overlap",
        severity: "critical",
        subject: second,
        evidence: `[2026-11-18T13:00:00Z, 2026-11-18T15:00:00Z) overlaps ${first} [2026-11-18T12:00:00Z, 2026-11-18T14:00:00Z) in group 0@{fleetwatch_group="default",prometheus_replica="0"}`,
        fix: `the compactor will halt: find the duplicate writer (two replicas with identical external labels?), then mark one block for deletion (thanos tools bucket mark --id ${second} --marker deletion-mark.json)`,
      },
    ]);
  });

  /** Overlap findings as `subject overlaps named-block`, ranges in hours from T. */
  function overlapsOf(ranges: [number, number][]): string[] {
    const fixture = new BucketFixture();
    const names = new Map<string, string>();
    ranges.forEach(([from, to], i) => {
      const ulid = fixture.block({ minTime: T + from * HOUR, maxTime: T + to * HOUR });
      names.set(ulid, "ABC"[i] as string);
    });
    return findingsOf(fixture, "overlap")
      .map((f) => {
        const named = [...names].find(([ulid]) => f.evidence.includes(`overlaps ${ulid}`));
        return `${names.get(f.subject)} overlaps ${named?.[1]}`;
      })
      .sort();
  }

  it.each([
    {
      name: "the furthest-reaching block is the first of three",
      ranges: [
        [0, 10],
        [1, 2],
        [5, 6],
      ] as [number, number][],
      found: ["B overlaps A", "C overlaps A"],
    },
    {
      name: "the second block reaches further than the first",
      ranges: [
        [0, 2],
        [1, 10],
        [5, 6],
      ] as [number, number][],
      found: ["B overlaps A", "C overlaps B"],
    },
    {
      name: "two blocks reach equally far: the earlier one is named",
      ranges: [
        [0, 10],
        [1, 10],
        [5, 6],
      ] as [number, number][],
      found: ["B overlaps A", "C overlaps A"],
    },
  ])("$name", ({ ranges, found }) => {
    expect(overlapsOf(ranges)).toEqual(found);
  });
});
