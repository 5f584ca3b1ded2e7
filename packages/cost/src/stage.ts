import { durationMs, type ResolvedConfig } from "@fleetwatch/config";
import { ampMonthlyCost } from "./amp.js";
import { type CostEstimate, estimateMonthlyCost } from "./estimate.js";
import { type PriceTable, US_EAST_1, withOverrides } from "./prices.js";
import { bucketGb } from "./storage.js";
import { type ResourceUsage, usageOf, type Workload } from "./usage.js";

const DAY_MS = 86_400_000;

/** Query samples processed on AMP a month, as a multiple of the samples ingested (dashboards and rules). */
export const AMP_QUERY_SAMPLES_PER_INGESTED = 10;
/** Days AMP keeps samples by default. */
export const AMP_RETENTION_DAYS = 150;

/** The workload a config describes. */
export function workloadOf(config: ResolvedConfig): Workload {
  const intervals = config.scrapeGroups.map((g) => durationMs(g.scrapeInterval) / 1000);
  const { retention, downsampling } = config.thanos;
  return {
    samplesPerSecond: config.ingest.samplesPerSecond,
    scrapeIntervalSeconds: Math.min(...intervals),
    retention: {
      raw: durationMs(retention.raw) / DAY_MS,
      fiveMinutes: durationMs(retention.fiveMinutes) / DAY_MS,
      oneHour: durationMs(retention.oneHour) / DAY_MS,
      downsampling,
    },
    // Every shard is a stream of its own in the bucket, with `replicas` uploaders.
    groups: config.scrapeGroups.reduce((sum, g) => sum + g.shards, 0),
    prometheusReplicas: config.scrapeGroups.reduce((sum, g) => sum + g.shards * g.replicas, 0),
    rulerReplicas: config.ruler.replicas,
  };
}

export interface StageCost {
  estimate: CostEstimate;
  /** Where the prices come from. */
  pricing: { region: string; asOf: string; overridden: string[]; homeRegion: string };
  prices: PriceTable;
  /** The same ingest on Amazon Managed Service for Prometheus. */
  amp: ReturnType<typeof ampMonthlyCost>;
}

/** The monthly estimate of a stage: its planned resources, its workload, the dated prices with overrides. */
export function stageCost(config: ResolvedConfig, resources: ResourceUsage): StageCost {
  const prices = withOverrides(US_EAST_1.prices, config.prices);
  const workload = workloadOf(config);
  const ampStored = bucketGb(
    { samplesPerSecond: workload.samplesPerSecond, scrapeIntervalSeconds: workload.scrapeIntervalSeconds },
    { raw: AMP_RETENTION_DAYS, fiveMinutes: 0, oneHour: 0, downsampling: false },
  ).raw;
  const samplesPerMonth = workload.samplesPerSecond * 730 * 3600;
  return {
    estimate: estimateMonthlyCost(usageOf(resources, workload), prices),
    pricing: {
      region: US_EAST_1.region,
      asOf: US_EAST_1.asOf,
      overridden: Object.keys(config.prices).filter(
        (k) => config.prices[k as keyof typeof config.prices] !== undefined,
      ),
      homeRegion: config.homeRegion,
    },
    prices,
    amp: ampMonthlyCost({
      samplesPerSecond: workload.samplesPerSecond,
      storedGb: ampStored,
      querySamples: samplesPerMonth * AMP_QUERY_SAMPLES_PER_INGESTED,
    }),
  };
}
