import { BucketFixture, DAY, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

const OLD_RULER = { rule_replica: "a" };
const RULER_A = { fleetwatch_ruler: "global", rule_replica: "a" };
const RULER_B = { fleetwatch_ruler: "global", rule_replica: "b" };

describe("replica-labels-only", () => {
  it("warns about a stream still written with replica labels only, naming the group Thanos injects", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, OLD_RULER, NOW - 6 * HOUR, NOW - 2 * HOUR);
    rawBlocks(fixture, STREAM_A0, NOW - 6 * HOUR, NOW - 2 * HOUR);
    const findings = findingsOf(fixture, "replica-labels-only");
    expect(findings).toEqual([
      expect.objectContaining({ severity: "warning", subject: '{rule_replica="a"}' }),
    ]);
    expect(findings[0]?.evidence).toContain('groups the blocks as {prometheus_replica="deduped"}');
  });

  it("finds nothing in the Ruler replicas that carry fleetwatch_ruler, nor flags them as overlapping", () => {
    const fixture = new BucketFixture();
    for (const labels of [RULER_A, RULER_B, STREAM_A0])
      rawBlocks(fixture, labels, NOW - 6 * HOUR, NOW - 2 * HOUR);
    expect(findingsOf(fixture, "replica-labels-only")).toEqual([]);
    expect(findingsOf(fixture, "overlap")).toEqual([]);
  });

  it("turns to information once the old layout only ages out, after the Rulers were relabelled", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, OLD_RULER, NOW - 10 * DAY, NOW - 9 * DAY);
    rawBlocks(fixture, RULER_A, NOW - 9 * DAY, NOW - 2 * HOUR);
    const findings = findingsOf(fixture, "replica-labels-only");
    expect(findings.map((f) => [f.severity, f.subject])).toEqual([["info", '{rule_replica="a"}']]);
    expect(findings[0]?.fix).toContain("retention deletes them");
  });

  it("sees the compactor's own output of deduped blocks the same way", () => {
    const fixture = new BucketFixture();
    fixture.block({
      minTime: NOW - 10 * HOUR,
      maxTime: NOW - 2 * HOUR,
      level: 2,
      labels: { prometheus_replica: "deduped" },
    });
    expect(findingsOf(fixture, "replica-labels-only").map((f) => f.subject)).toEqual([
      '{prometheus_replica="deduped"}',
    ]);
  });

  it("finds nothing when the compactor does not deduplicate", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, OLD_RULER, NOW - 6 * HOUR, NOW - 2 * HOUR);
    expect(findingsOf(fixture, "replica-labels-only", { config: { replicaLabels: [] } })).toEqual([]);
  });
});
