import type { SourceResult } from "./compactor.js";
import type { AuditConfig } from "./config.js";

/** One Prometheus replica the audit watches for memory pressure (a service of one shard of a scrape group). */
export interface WatchedReplica {
  /** The SST component name, the `service` label of its self-scrape: `PrometheusWebS1A`. */
  service: string;
  /** The scrape group's name. */
  group: string;
  /** 0-based shard index within the group. */
  shard: number;
  /** The group's number of shards (`scrapeGroups[].shards`). */
  shards: number;
  /** The `prometheus_replica` label: `"a"`, `"b"`, ... */
  replica: string;
  /** The task's memory (`tasks.prometheus.memory`), bytes: Prometheus shares it with its Thanos sidecar. */
  memoryBytes: number;
}

/** What Thanos says of one Prometheus replica; a metric it has no sample of is absent. */
export interface ShardUsage {
  /** `prometheus_tsdb_head_series`. */
  headSeries?: number;
  /** `process_resident_memory_bytes`. */
  residentBytes?: number;
}

/** {@link ShardUsage} by `service` label. */
export type ShardUsageByService = Record<string, ShardUsage>;

/** A watched replica with a measured resident memory. */
export interface ShardPressure {
  replica: WatchedReplica;
  residentBytes: number;
  headSeries?: number;
  /** residentBytes / memoryBytes. */
  ratio: number;
}

/**
 * The pressure of every watched replica Thanos has a resident memory of, highest first. A replica without a
 * sample is left out: it is down or not scraped, which other findings report.
 */
export function shardPressures(
  watched: readonly WatchedReplica[],
  usage: ShardUsageByService,
): ShardPressure[] {
  return watched
    .flatMap((replica): ShardPressure[] => {
      const seen = Object.hasOwn(usage, replica.service) ? usage[replica.service] : undefined;
      if (seen?.residentBytes === undefined || replica.memoryBytes <= 0) return [];
      return [
        {
          replica,
          residentBytes: seen.residentBytes,
          ...(seen.headSeries !== undefined ? { headSeries: seen.headSeries } : {}),
          ratio: seen.residentBytes / replica.memoryBytes,
        },
      ];
    })
    .sort((a, b) => b.ratio - a.ratio || a.replica.service.localeCompare(b.replica.service));
}

/** Where the shard evidence came from: Thanos read, not readable, or not asked (no Query URL). */
export type ShardSource = "ok" | "unavailable" | "not-configured";

/** The report's word on shard pressure: what the digest's line shows. */
export interface ShardsStatus {
  source: ShardSource;
  /** Watched replicas (`prometheus` in the audit config). */
  replicas: number;
  /** Of those, the replicas Thanos had a resident memory of. */
  measured: number;
  /** The replica with the highest pressure, when one was measured. */
  highest?: {
    service: string;
    group: string;
    shard: number;
    ratio: number;
    residentBytes: number;
    memoryBytes: number;
    headSeries?: number;
  };
}

/** The shard status of a run; undefined when the config watches no replica. */
export function shardsStatus(
  config: Pick<AuditConfig, "prometheus">,
  evidence: SourceResult<ShardUsageByService> | undefined,
): ShardsStatus | undefined {
  if (config.prometheus.length === 0) return undefined;
  const source: ShardSource = !evidence ? "not-configured" : evidence.ok ? "ok" : "unavailable";
  const pressures = evidence?.ok ? shardPressures(config.prometheus, evidence.value) : [];
  const top = pressures[0];
  return {
    source,
    replicas: config.prometheus.length,
    measured: pressures.length,
    ...(top
      ? {
          highest: {
            service: top.replica.service,
            group: top.replica.group,
            shard: top.replica.shard,
            ratio: top.ratio,
            residentBytes: top.residentBytes,
            memoryBytes: top.replica.memoryBytes,
            ...(top.headSeries !== undefined ? { headSeries: top.headSeries } : {}),
          },
        }
      : {}),
  };
}

const GIB = 1024 ** 3;

/** Bytes in Fargate's gigabytes (GiB), one decimal when needed: `3.4 GB`, `8 GB`. */
export function formatGb(bytes: number): string {
  return `${Number((bytes / GIB).toFixed(1))} GB`;
}

/** A count in short form: `950`, `12k`, `1.2M`. */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toFixed(1))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toFixed(n >= 1e4 ? 0 : 1))}k`;
  return `${Math.round(n)}`;
}

/** A ratio as a whole percent, rounded down so that 0.949 never shows as the critical 95%. */
export function formatPercent(ratio: number): string {
  return `${Math.floor(ratio * 100)}%`;
}

/**
 * The task memory, whole GB, that would bring `residentBytes` under the warning ratio: at least 1 GB above
 * the current size.
 */
export function suggestedMemoryGb(residentBytes: number, memoryBytes: number, warning: number): number {
  const needed = Math.ceil(residentBytes / warning / GIB);
  return Math.max(needed, Math.floor(memoryBytes / GIB) + 1);
}
