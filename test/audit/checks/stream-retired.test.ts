import { BucketFixture, HOUR, NOW, rawBlocks } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

// A group resharded from one shard to two: the streams of the old layout stop, those of the new one start.
const LAYOUT = ["fleetwatch_group", "fleetwatch_shard", "fleetwatch_ruler"];
const OLD = { fleetwatch_group: "web", prometheus_replica: "a" };
const NEW = [0, 1].map((shard) => ({
  fleetwatch_group: "web",
  fleetwatch_shard: String(shard),
  prometheus_replica: "a",
}));
const config = { expectedStreams: NEW, layoutLabels: LAYOUT };

function resharded(): BucketFixture {
  const fixture = new BucketFixture();
  rawBlocks(fixture, OLD, NOW - 30 * HOUR, NOW - 10 * HOUR);
  for (const labels of NEW) rawBlocks(fixture, labels, NOW - 10 * HOUR, NOW - 2 * HOUR);
  return fixture;
}

describe("stream-retired", () => {
  it("reports the stream of the old layout once, as information, instead of stale", () => {
    const fixture = resharded();
    expect(findingsOf(fixture, "stream-retired", { config })).toEqual([
      {
        id: "stream-retired",
        severity: "info",
        subject: '{fleetwatch_group="web",prometheus_replica="a"}',
        evidence:
          "no longer part of the deployed layout; 10 block(s), the newest raw block ends 2026-11-20T02:00:00Z (10h ago)",
        fix: "nothing to do after a reshard or a removed group: the blocks stay queryable until retention deletes them; otherwise check scrapeGroups",
      },
    ]);
    expect(findingsOf(fixture, "stream-stale", { config })).toEqual([]);
    expect(findingsOf(fixture, "stream-missing", { config })).toEqual([]);
  });

  it("retires a removed group's streams and the shards beyond a smaller shard count", () => {
    const fixture = resharded();
    rawBlocks(
      fixture,
      { fleetwatch_group: "batch", prometheus_replica: "a" },
      NOW - 20 * HOUR,
      NOW - 8 * HOUR,
    );
    rawBlocks(fixture, { ...OLD, fleetwatch_shard: "2" }, NOW - 20 * HOUR, NOW - 8 * HOUR);
    expect(findingsOf(fixture, "stream-retired", { config }).map((f) => f.subject)).toEqual([
      '{fleetwatch_group="batch",prometheus_replica="a"}',
      '{fleetwatch_group="web",fleetwatch_shard="2",prometheus_replica="a"}',
      '{fleetwatch_group="web",prometheus_replica="a"}',
    ]);
  });

  it("judges streams without layout labels, and every stream when no layout is known (the CLI without --config)", () => {
    const fixture = resharded();
    rawBlocks(fixture, { cluster: "other", prometheus_replica: "a" }, NOW - 20 * HOUR, NOW - 8 * HOUR);
    expect(findingsOf(fixture, "stream-retired", { config })).toHaveLength(1);
    expect(findingsOf(fixture, "stream-stale", { config }).map((f) => f.subject)).toEqual([
      '{cluster="other",prometheus_replica="a"}',
    ]);
    expect(findingsOf(fixture, "stream-retired")).toEqual([]);
    expect(findingsOf(fixture, "stream-stale").map((f) => f.subject)).toContain(
      '{fleetwatch_group="web",prometheus_replica="a"}',
    );
  });
});
