import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW } from "../../support/blocks";

describe("no-compact-mark", () => {
  it.each([
    { reason: "manual", severity: "info" },
    { reason: "index-size-exceeding", severity: "warning" },
    { reason: "block-index-out-of-order-chunk", severity: "warning" },
  ])("reason $reason is $severity", ({ reason, severity }) => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 40 * HOUR, maxTime: NOW - 38 * HOUR });
    fixture.marker(
      ulid,
      "no-compact-mark.json",
      { no_compact_time: Math.floor(NOW / 1000), reason, details: "why" },
      NOW,
    );
    const findings = findingsOf(fixture, "no-compact-mark");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity, subject: ulid });
    expect(findings[0]?.evidence).toContain(reason);
  });
});
