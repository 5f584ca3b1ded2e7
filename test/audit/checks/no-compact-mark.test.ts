import { BucketFixture, HOUR, NOW } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

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

  it.each([
    {
      name: "a manual mark with details",
      mark: { reason: "manual", details: "kept for the incident review" },
      severity: "info",
      evidence:
        "excluded from compaction since 2026-11-20T11:00:00.000Z: manual (kept for the incident review)",
      fix: "remove no-compact-mark.json when the block may be compacted again",
    },
    {
      name: "a mark by the compactor without details",
      mark: { reason: "index-size-exceeding" },
      severity: "warning",
      evidence: "excluded from compaction since 2026-11-20T11:00:00.000Z: index-size-exceeding",
      fix: "inspect the block (thanos tools bucket inspect), repair or delete it, then remove no-compact-mark.json",
    },
    {
      name: "long details",
      mark: { reason: "manual", details: "d".repeat(200) },
      severity: "info",
      evidence: `excluded from compaction since 2026-11-20T11:00:00.000Z: manual (${"d".repeat(120)})`,
      fix: "remove no-compact-mark.json when the block may be compacted again",
    },
  ])("$name", ({ mark, severity, evidence, fix }) => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 40 * HOUR, maxTime: NOW - 38 * HOUR });
    fixture.marker(ulid, "no-compact-mark.json", { no_compact_time: NOW / 1000 - 3600, ...mark }, NOW);
    expect(findingsOf(fixture, "no-compact-mark")).toEqual([
      { id: "no-compact-mark", severity, subject: ulid, evidence, fix },
    ]);
  });
});
