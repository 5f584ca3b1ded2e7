import { describe, expect, it } from "vitest";
import { type FleetwatchConfig, resolveConfig } from "../../../packages/config/src/index.js";
import { TYPICAL_EC2_HOST } from "../../../packages/monitoring/src/capacity/host.js";
import {
  capacityPlan,
  type GroupEstimate,
  instancesPerShard,
  smallestSizeFor,
} from "../../../packages/monitoring/src/capacity/plan.js";
import sharded from "../../fixtures/configs/sharded.js";

function plan(config: FleetwatchConfig) {
  return capacityPlan(resolveConfig(config, "dev"), TYPICAL_EC2_HOST);
}

function estimate(config: FleetwatchConfig, index = 0): GroupEstimate {
  const group = plan(config)[index];
  if (group?.kind !== "estimate") throw new Error(`group ${index} has no estimate`);
  return group;
}

describe("instancesPerShard", () => {
  it.each([
    [6000, 1, 6000],
    [6000, 3, 2200],
    [100, 3, 38],
    [1, 16, 2],
    [7, 2, 5],
  ])("puts %d instances in %d shards as up to %d in the fullest", (instances, shards, fullest) => {
    expect(instancesPerShard(instances, shards)).toBe(fullest);
  });
});

describe("smallestSizeFor", () => {
  it.each([
    [3.2, "1 vCPU", { cpu: "1 vCPU", memoryGb: 4 }],
    [12.4, "2 vCPU", { cpu: "2 vCPU", memoryGb: 13 }],
    [0.4, "0.25 vCPU", { cpu: "0.25 vCPU", memoryGb: 0.5 }],
    [17, "1 vCPU", { cpu: "4 vCPU", memoryGb: 17 }],
    [31, "2 vCPU", { cpu: "8 vCPU", memoryGb: 32 }],
    [120, "16 vCPU", { cpu: "16 vCPU", memoryGb: 120 }],
  ] as const)("fits %d GiB with at least %s in %j", (gib, cpu, size) => {
    expect(smallestSizeFor(gib, cpu)).toEqual(size);
  });

  it("returns undefined past Fargate's largest task", () => {
    expect(smallestSizeFor(121, "1 vCPU")).toBeUndefined();
  });
});

describe("capacityPlan", () => {
  it("sizes the sharded fixture's web group: 2,200 instances per shard need more than its 8 GB", () => {
    const web = estimate(sharded);
    expect(web).toMatchObject({
      group: "web",
      shards: 3,
      expectedInstances: 6000,
      instancesPerShard: 2200,
      seriesPerShard: 2200 * 1323,
      task: { cpu: "2 vCPU", memoryGb: 8 },
      fits: false,
      shardsThatFit: 5,
      sizeThatFits: { cpu: "2 vCPU", memoryGb: 13 },
    });
    expect(web.memoryNeededGib).toBeCloseTo(12.33, 2);
  });

  it("finds the fix right at the edge: the suggested shards and size fit, one shard fewer does not", () => {
    const web = estimate(sharded);
    const withShards = estimate({
      ...sharded,
      scrapeGroups: [{ name: "web", shards: 5, expectedInstances: 6000 }],
    });
    const oneFewer = estimate({
      ...sharded,
      scrapeGroups: [{ name: "web", shards: 4, expectedInstances: 6000 }],
    });
    expect(withShards.fits).toBe(true);
    expect(oneFewer.fits).toBe(false);
    expect(web.memoryNeededGib).toBeLessThanOrEqual(13);
    expect(web.memoryNeededGib).toBeGreaterThan(12);
  });

  it("says a group that fits fits, and its fixes are no bigger than what it has", () => {
    const batch = estimate(sharded, 1);
    expect(batch).toMatchObject({ fits: true, shardsThatFit: 1, instancesPerShard: 200 });
    expect(batch.sizeThatFits?.memoryGb).toBeLessThanOrEqual(8);
  });

  it("gives no estimate to a group without expectedInstances", () => {
    expect(plan({ homeRegion: "us-east-1", scrapeGroups: [{ name: "web", shards: 2 }] })).toEqual([
      { kind: "no-estimate", index: 0, group: "web", shards: 2 },
    ]);
  });

  it("finds neither fix when no shard count and no Fargate size holds the group", () => {
    const huge = estimate({
      homeRegion: "us-east-1",
      scrapeGroups: [{ name: "web", expectedInstances: 1_000_000 }],
    });
    expect(huge).toMatchObject({ fits: false, shardsThatFit: undefined, sizeThatFits: undefined });
  });

  it("counts fewer series when collectors are turned off", () => {
    const lean = estimate({
      homeRegion: "us-east-1",
      scrapeGroups: [{ name: "web", expectedInstances: 100 }],
      nodeExporter: { enableCollectors: [] },
    });
    expect(lean.perInstance.total).toBe(1323 - 763 - 2);
  });
});
