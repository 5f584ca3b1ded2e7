/** Bytes in a GiB: Fargate's "GB" of task memory are GiB (4 GB is 4,096 MiB). */
export const GIB = 1024 ** 3;

/**
 * Memory of one active series in Prometheus's head block, all overheads included: "as of Prometheus 2.20 a good
 * rule of thumb should be around 3kB per series in the head", covering the series' data structures, its samples at
 * a usual scrape interval and Go's garbage collection (Brian Brazil, "Why does Prometheus use so much RAM?",
 * robustperception.io, 2020; his 2.x breakdown: ~732 B a series + 32 B a label pair + 120 B a unique label
 * value, doubled for the GC, plus chunks). fleetwatch's node series carry about 10 labels, the rule's typical set.
 */
export const BYTES_PER_SERIES = 3000;

/** Where {@link BYTES_PER_SERIES} comes from, as the plan prints it. */
export const BYTES_PER_SERIES_SOURCE =
  'Brian Brazil, "Why does Prometheus use so much RAM?", robustperception.io: ~3kB per head series as of Prometheus 2.20';

/** Prometheus's memory before any series: runtime, rule evaluation, service discovery, WAL and TSDB buffers. */
export const PROMETHEUS_BASE_BYTES = 256 * 1024 ** 2;

/**
 * The Thanos sidecar's share of the task: it streams recent data to Query and uploads 2 h blocks, holding a block
 * at a time, not the head: a fixed 256 MiB.
 */
export const SIDECAR_BYTES = 256 * 1024 ** 2;

/**
 * The share of the task's memory the plan lets the working set take: the rest is headroom for queries through
 * the sidecar, head compaction every 2 hours and WAL replay after a restart.
 */
export const MEMORY_HEADROOM = 0.7;

/** The working set of a Prometheus + sidecar task holding `series` active series, in bytes. */
export function workingSetBytes(series: number): number {
  return series * BYTES_PER_SERIES + PROMETHEUS_BASE_BYTES + SIDECAR_BYTES;
}

/** The task memory (GiB) that holds `series` active series with {@link MEMORY_HEADROOM}. */
export function taskMemoryNeededGib(series: number): number {
  return workingSetBytes(series) / MEMORY_HEADROOM / GIB;
}
