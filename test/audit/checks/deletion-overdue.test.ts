import { BucketFixture, HOUR, NOW } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

describe("deletion-overdue", () => {
  it.each([
    { markedH: 10, overdue: false },
    { markedH: 53, overdue: false },
    { markedH: 55, overdue: true },
    { markedH: 300, overdue: true },
  ])("a deletion mark $markedH h old is overdue: $overdue", ({ markedH, overdue }) => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 400 * HOUR, maxTime: NOW - 398 * HOUR });
    fixture.marker(
      ulid,
      "deletion-mark.json",
      { deletion_time: Math.floor((NOW - markedH * HOUR) / 1000) },
      NOW,
    );
    const findings = findingsOf(fixture, "deletion-overdue");
    expect(findings.map((f) => f.subject)).toEqual(overdue ? [ulid] : []);
  });

  it("reads deletion_time as seconds, not milliseconds", () => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 40 * HOUR, maxTime: NOW - 38 * HOUR });
    fixture.marker(ulid, "deletion-mark.json", { deletion_time: Math.floor((NOW - HOUR) / 1000) }, NOW);
    expect(findingsOf(fixture, "deletion-overdue")).toEqual([]);
  });

  /** A block whose deletion mark is `ageMs` old. */
  function markedAgo(ageMs: number): BucketFixture {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 400 * HOUR, maxTime: NOW - 398 * HOUR });
    fixture.marker(ulid, "deletion-mark.json", { deletion_time: (NOW - ageMs) / 1000 }, NOW);
    return fixture;
  }

  it.each([
    { age: "exactly the delete delay + slack (54h)", ageMs: 54 * HOUR, overdue: 0 },
    { age: "54h + 1s", ageMs: 54 * HOUR + 1000, overdue: 1 },
  ])("a mark $age old: $overdue finding(s)", ({ ageMs, overdue }) => {
    expect(findingsOf(markedAgo(ageMs), "deletion-overdue")).toHaveLength(overdue);
  });

  it("says how old the mark is against the delete delay", () => {
    const [finding] = findingsOf(markedAgo(60 * HOUR), "deletion-overdue");
    expect(finding).toEqual({
      id: "deletion-overdue",
      severity: "warning",
      subject: expect.any(String),
      evidence: "marked for deletion 2d12h ago; the delete delay is 2d",
      fix: "the compactor is not deleting: check it runs with --wait and has s3:DeleteObject on the bucket",
    });
  });
});
