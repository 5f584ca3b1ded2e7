import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { streamMissing } from "../../../packages/audit/src/checks/stream-missing.js";
import { findingsOf, runCheck } from "../../support/audit";

describe("stream-missing", () => {
  it.each([
    { expected: [{ fleetwatch_group: "default" }], missing: [] },
    { expected: [STREAM_A0], missing: [] },
    {
      expected: [STREAM_A0, { fleetwatch_group: "default", prometheus_replica: "1" }],
      missing: ['{fleetwatch_group="default",prometheus_replica="1"}'],
    },
    { expected: [{ fleetwatch_group: "payments" }], missing: ['{fleetwatch_group="payments"}'] },
  ])("expects $expected", ({ expected, missing }) => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 6 * HOUR, NOW - 2 * HOUR);
    const findings = findingsOf(fixture, "stream-missing", { config: { expectedStreams: expected } });
    expect(findings.map((f) => f.subject)).toEqual(missing);
    for (const f of findings) expect(f.severity).toBe("critical");
  });

  it("reports every expected stream of an empty bucket", () => {
    const findings = findingsOf(new BucketFixture(), "stream-missing", {
      config: { expectedStreams: [STREAM_A0] },
    });
    expect(findings).toHaveLength(1);
  });

  it("returns nothing for an expected stream that has blocks", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 6 * HOUR, NOW - 2 * HOUR);
    expect(runCheck(streamMissing, fixture, { config: { expectedStreams: [STREAM_A0] } })).toEqual([]);
  });

  it("names the labels nobody carries", () => {
    const findings = findingsOf(new BucketFixture(), "stream-missing", {
      config: { expectedStreams: [{ fleetwatch_group: "payments" }] },
    });
    expect(findings).toEqual([
      {
        id: "stream-missing",
        severity: "critical",
        subject: '{fleetwatch_group="payments"}',
        evidence: 'no block in the bucket carries the external labels {fleetwatch_group="payments"}',
        fix: "check that this replica runs and that Prometheus's external_labels match the expected labels",
      },
    ]);
  });

  it("says nothing of a bucket it could not read (source-unavailable does)", () => {
    const findings = findingsOf(new BucketFixture(), "stream-missing", {
      config: { expectedStreams: [STREAM_A0] },
      bucketError: "the read stopped at the run's deadline while listing",
    });
    expect(findings).toEqual([]);
  });
});
