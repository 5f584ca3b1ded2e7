import type { ShardUsage, ShardUsageByService, SourceResult } from "@fleetwatch/audit";
import { type QueryOptions, queryVector, type VectorSample } from "./prometheus-query.js";

/** The two gauges of a Prometheus replica's size, by the {@link ShardUsage} field they fill. */
const METRICS = {
  headSeries: "prometheus_tsdb_head_series",
  residentBytes: "process_resident_memory_bytes",
} as const satisfies Record<keyof ShardUsage, string>;

/**
 * Asks Thanos for every Prometheus replica's head series and resident memory, as the replicas scrape each other
 * (job `<job>`, one `service` label per replica): `max by (service) (...)` with `dedup=true`, so the copies
 * several replicas scraped count once. Both queries must answer; a sample without a `service` label or with a
 * value that is not a number is left out. Never throws.
 */
export async function readShardUsage(
  baseUrl: string,
  job: string,
  options: QueryOptions = {},
): Promise<SourceResult<ShardUsageByService>> {
  const ask = (metric: string) =>
    queryVector(baseUrl, `max by (service) (${metric}{job=${JSON.stringify(job)}})`, options);
  const [headSeries, residentBytes] = await Promise.all([
    ask(METRICS.headSeries),
    ask(METRICS.residentBytes),
  ]);
  if (!headSeries.ok) return headSeries;
  if (!residentBytes.ok) return residentBytes;
  const usage = new Map<string, ShardUsage>();
  const fill = (field: keyof ShardUsage, samples: VectorSample[]) => {
    for (const { metric, value } of samples) {
      const service = metric.service;
      const n = Number(value[1]);
      if (!service || !Number.isFinite(n)) continue;
      usage.set(service, { ...usage.get(service), [field]: n });
    }
  };
  fill("headSeries", headSeries.value);
  fill("residentBytes", residentBytes.value);
  return { ok: true, value: Object.fromEntries(usage) };
}
