import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW } from "../../support/blocks";

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
});
