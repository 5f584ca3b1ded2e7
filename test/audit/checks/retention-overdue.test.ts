import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, DAY, HOUR, NOW } from "../../support/blocks";

describe("retention-overdue", () => {
  it.each([
    { name: "raw data 20 days old", ageD: 20, resolution: 0 as const, overdue: false },
    { name: "raw data 32 days old", ageD: 32, resolution: 0 as const, overdue: true },
    { name: "5m data 32 days old", ageD: 32, resolution: 300_000 as const, overdue: false },
    { name: "5m data 200 days old", ageD: 200, resolution: 300_000 as const, overdue: true },
  ])("$name: overdue $overdue", ({ ageD, resolution, overdue }) => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: NOW - ageD * DAY - 48 * HOUR, maxTime: NOW - ageD * DAY, level: 3, resolution });
    expect(findingsOf(fixture, "retention-overdue")).toHaveLength(overdue ? 1 : 0);
  });

  it("keeps data forever when the retention is 0", () => {
    const fixture = new BucketFixture();
    fixture.block({ minTime: NOW - 400 * DAY, maxTime: NOW - 398 * DAY, level: 3 });
    const config = { retentionMs: { raw: 0, fiveMinutes: 0, oneHour: 0 } };
    expect(findingsOf(fixture, "retention-overdue", { config })).toEqual([]);
  });
});
