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

  describe("a stream new to the layout", () => {
    const expected = { fleetwatch_group: "web", fleetwatch_shard: "1", prometheus_replica: "a" };
    const key = '{fleetwatch_group="web",fleetwatch_shard="1",prometheus_replica="a"}';
    const judged = (waited: number) =>
      findingsOf(new BucketFixture(), "stream-missing", {
        config: { expectedStreams: [expected] },
        expectedSince: { [key]: NOW - waited },
      });

    it("is given the freshness thresholds for its first upload: nothing, then a warning, then critical", () => {
      expect(judged(4 * HOUR)).toEqual([]);
      expect(judged(4 * HOUR + 1).map((f) => f.severity)).toEqual(["warning"]);
      expect(judged(6 * HOUR).map((f) => f.severity)).toEqual(["warning"]);
      expect(judged(6 * HOUR + 1).map((f) => f.severity)).toEqual(["critical"]);
      expect(judged(6 * HOUR + 1)[0]?.evidence).toBe(
        `no block in the bucket carries the external labels ${key}, expected for 6h (a first block takes up to 3h)`,
      );
    });

    it("is not found in the stream of another layout that carries its labels and more", () => {
      const fixture = new BucketFixture();
      rawBlocks(
        fixture,
        { fleetwatch_group: "web", prometheus_replica: "a" },
        NOW - 6 * HOUR,
        NOW - 2 * HOUR,
      );
      const findings = findingsOf(fixture, "stream-missing", {
        config: {
          expectedStreams: [{ fleetwatch_group: "web", fleetwatch_shard: "0", prometheus_replica: "a" }],
          layoutLabels: ["fleetwatch_group", "fleetwatch_shard"],
        },
      });
      expect(findings.map((f) => f.subject)).toEqual([
        '{fleetwatch_group="web",fleetwatch_shard="0",prometheus_replica="a"}',
      ]);
      // The other way round: the unsharded layout's stream is not found in a sharded block.
      const sharded = new BucketFixture();
      rawBlocks(sharded, expected, NOW - 6 * HOUR, NOW - 2 * HOUR);
      const unsharded = findingsOf(sharded, "stream-missing", {
        config: {
          expectedStreams: [{ fleetwatch_group: "web", prometheus_replica: "a" }],
          layoutLabels: ["fleetwatch_group", "fleetwatch_shard"],
        },
      });
      expect(unsharded.map((f) => f.subject)).toEqual(['{fleetwatch_group="web",prometheus_replica="a"}']);
    });
  });
});
