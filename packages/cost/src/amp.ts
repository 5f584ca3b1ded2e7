import { InvalidUsageError } from "./errors.js";
import { AMP_US_EAST_1 } from "./prices.js";

/** Seconds in a month of 730 hours. */
export const SECONDS_PER_MONTH = 730 * 3600;

export interface AmpUsage {
  /** Samples per second ingested (one copy: AMP deduplicates an HA pair's samples before storing them). */
  samplesPerSecond: number;
  /** GB stored (AMP keeps 150 days by default). */
  storedGb: number;
  /** Query samples processed a month (dashboards and rule evaluations). */
  querySamples: number;
}

/** Ingestion cost of `samples` a month over AMP's tiers. */
export function ampIngestUsd(samples: number, tiers = AMP_US_EAST_1.ingestTiers): number {
  let usd = 0;
  let below = 0;
  for (const tier of tiers) {
    const inTier = Math.max(0, Math.min(samples, tier.upToSamples) - below);
    usd += (inTier / 1e7) * tier.per10M;
    below = tier.upToSamples;
    if (samples <= below) break;
  }
  return usd;
}

/** Monthly cost of the same ingest on Amazon Managed Service for Prometheus. */
export function ampMonthlyCost(usage: AmpUsage) {
  for (const [field, value] of Object.entries(usage)) {
    if (!Number.isFinite(value) || value < 0) throw new InvalidUsageError(field, value);
  }
  const samples = usage.samplesPerSecond * SECONDS_PER_MONTH;
  const ingest = ampIngestUsd(samples);
  const storage = usage.storedGb * AMP_US_EAST_1.storageGbMonth;
  const query = (usage.querySamples / 1e9) * AMP_US_EAST_1.queryPerBillionSamples;
  const round = (usd: number) => Math.round(usd * 100) / 100;
  return {
    samplesPerMonth: samples,
    ingestUsd: round(ingest),
    storageUsd: round(storage),
    queryUsd: round(query),
    totalUsd: round(ingest + storage + query),
  };
}
