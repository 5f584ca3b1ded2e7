import { BucketFixture, DAY, HOUR, NOW } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

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

  /** A raw block ending `ageMs` ago. */
  function rawEnding(ageMs: number): [BucketFixture, string] {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - ageMs - 48 * HOUR, maxTime: NOW - ageMs, level: 3 });
    return [fixture, ulid];
  }

  it.each([
    { age: "30d + 1h (within the slack)", ageMs: 30 * DAY + HOUR, overdue: 0 },
    { age: "exactly 30d + 6h", ageMs: 30 * DAY + 6 * HOUR, overdue: 0 },
    { age: "30d + 6h + 1 ms", ageMs: 30 * DAY + 6 * HOUR + 1, overdue: 1 },
  ])("a raw block ending $age ago: $overdue finding(s)", ({ ageMs, overdue }) => {
    expect(findingsOf(rawEnding(ageMs)[0], "retention-overdue")).toHaveLength(overdue);
  });

  it("names the resolution, its retention and an example", () => {
    const [fixture, ulid] = rawEnding(32 * DAY);
    expect(findingsOf(fixture, "retention-overdue")).toEqual([
      {
        id: "retention-overdue",
        severity: "warning",
        subject: '{fleetwatch_group="default",prometheus_replica="0"}',
        evidence: `1 raw block(s) past the 30d retention, e.g. ${ulid} ending 32d ago`,
        fix: "check the compactor's --retention.resolution-* flags match the config and that it completes iterations",
      },
    ]);
  });
});
