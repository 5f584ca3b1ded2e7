import { defaultConfig, resolveConfig } from "@fleetwatch/config";
import { describe, expect, it } from "vitest";
import {
  BYTES_PER_SAMPLE,
  bucketGb,
  FOREVER_PRICED_DAYS,
  type ResourceUsage,
  stageCost,
  usageOf,
  workloadOf,
} from "../../packages/cost/src/index.js";

const RESOURCES: ResourceUsage = {
  tasks: [{ name: "PrometheusDefaultA", count: 1, vcpu: 1, memoryGb: 4, storageGb: 50 }],
  loadBalancers: 1,
  natGateways: 2,
  natInstances: 0,
  publicIpv4Addresses: 2,
  lambdaMemoryMb: [1024, 512],
};

describe("bucketGb", () => {
  it.each([
    // 1000 samples/s x 86400 s x 1.5 B x 10 days
    [
      { raw: 10, fiveMinutes: 0, oneHour: 0, downsampling: false },
      { raw: 1.296, fiveMinutes: 0, oneHour: 0 },
    ],
    // 5m keeps 5 aggregates per 10 raw samples (30 s scrapes): half the raw bytes per day
    [
      { raw: 10, fiveMinutes: 10, oneHour: 0, downsampling: true },
      { raw: 1.296, fiveMinutes: 0.648 },
    ],
  ])("stores what %j keeps", (retention, expected) => {
    const stored = bucketGb({ samplesPerSecond: 1000, scrapeIntervalSeconds: 30 }, retention);
    for (const [key, gb] of Object.entries(expected))
      expect(stored[key as keyof typeof stored]).toBeCloseTo(gb, 6);
  });

  it("prices forever as a year", () => {
    const stored = bucketGb(
      { samplesPerSecond: 1000, scrapeIntervalSeconds: 30 },
      { raw: 0, fiveMinutes: 0, oneHour: 0, downsampling: false },
    );
    expect(stored.raw).toBeCloseTo((1000 * 86_400 * BYTES_PER_SAMPLE * FOREVER_PRICED_DAYS) / 1e9, 6);
  });
});

describe("a stage's cost", () => {
  it("reads the workload from the config", () => {
    const config = resolveConfig(
      {
        ingest: { samplesPerSecond: 5000 },
        scrapeGroups: [
          { name: "a", scrapeInterval: "1m" },
          { name: "b", replicas: 1, scrapeInterval: "15s" },
        ],
        thanos: { retention: { raw: "2w", fiveMinutes: "0d", oneHour: "1y" } },
      },
      "dev",
    );
    expect(workloadOf(config)).toEqual({
      samplesPerSecond: 5000,
      scrapeIntervalSeconds: 15,
      retention: { raw: 14, fiveMinutes: 0, oneHour: 365, downsampling: true },
      groups: 2,
      prometheusReplicas: 3,
      rulerReplicas: 2,
    });
  });

  it("counts every shard as a stream with its own replicas", () => {
    const config = resolveConfig(
      { scrapeGroups: [{ name: "a", shards: 3 }, { name: "b", replicas: 1, shards: 2 }, { name: "c" }] },
      "dev",
    );
    expect(workloadOf(config)).toMatchObject({ groups: 6, prometheusReplicas: 10 });
  });

  it("counts every Ruler replica's block uploads", () => {
    const puts = (replicas: number) =>
      usageOf(RESOURCES, workloadOf(resolveConfig({ ruler: { replicas } }, "dev"))).s3PutRequests;
    // 12 two-hour blocks a day for 30 days, 5 objects each, written again by the compactor.
    expect(puts(3) - puts(2)).toBe(12 * 30 * 5 * 2);
  });

  it("counts Lambda GB-seconds and logs from the resources", () => {
    const usage = usageOf(RESOURCES, workloadOf(defaultConfig()));
    expect(usage.lambdaRequests).toBe(6000);
    expect(usage.lambdaGbSeconds).toBe(22_500);
    expect(usage.logsIngestGb).toBe(0.5);
    expect(usage.natDataGb).toBe(10);
    expect(usageOf({ ...RESOURCES, natGateways: 0 }, workloadOf(defaultConfig())).natDataGb).toBe(0);
  });

  it("applies price overrides and compares with AMP at the same ingest", () => {
    const base = stageCost(defaultConfig(), RESOURCES);
    const cheaper = stageCost(resolveConfig({ prices: { natGatewayHour: 0 } }, "dev"), RESOURCES);
    expect(cheaper.pricing.overridden).toEqual(["natGatewayHour"]);
    expect(base.estimate.totalUsd - cheaper.estimate.totalUsd).toBeCloseTo(2 * 0.045 * 730, 1);
    expect(base.amp.samplesPerMonth).toBe(10_000 * 730 * 3600);
    expect(base.amp.totalUsd).toBeGreaterThan(base.estimate.totalUsd);
  });
});
