/**
 * How many bytes the Thanos bucket holds in steady state for an ingest rate.
 *
 * Assumptions: 1.5 bytes per raw sample after compaction (Prometheus TSDB blocks: 1.3-2 bytes); the two HA
 * replicas are merged into one copy by the compactor's deduplication (the 2-3 days before that are ignored);
 * a downsampled sample holds 5 aggregates (count, sum, min, max, counter) at the same 1.5 bytes each; a
 * retention of "0d" (forever) is priced for one year.
 */
export const BYTES_PER_SAMPLE = 1.5;
export const AGGREGATES_PER_DOWNSAMPLED_SAMPLE = 5;
export const FOREVER_PRICED_DAYS = 365;

export interface IngestShape {
  /** Samples per second of one replica of every group together. */
  samplesPerSecond: number;
  /** Seconds between two scrapes (sets how many raw samples a downsampled one replaces). */
  scrapeIntervalSeconds: number;
}

/** Retention per resolution in days; 0 means forever. */
export interface RetentionDays {
  raw: number;
  fiveMinutes: number;
  oneHour: number;
  downsampling: boolean;
}

const DAY = 86_400;
const GB = 1e9;
const kept = (days: number) => (days === 0 ? FOREVER_PRICED_DAYS : days);

/** Stored gigabytes per resolution. */
export function bucketGb(ingest: IngestShape, retention: RetentionDays) {
  const rawBytesPerDay = ingest.samplesPerSecond * DAY * BYTES_PER_SAMPLE;
  const ratio = (resolutionSeconds: number) =>
    (AGGREGATES_PER_DOWNSAMPLED_SAMPLE * ingest.scrapeIntervalSeconds) / resolutionSeconds;
  const raw = (rawBytesPerDay * kept(retention.raw)) / GB;
  if (!retention.downsampling) return { raw, fiveMinutes: 0, oneHour: 0 };
  return {
    raw,
    fiveMinutes: (rawBytesPerDay * ratio(300) * kept(retention.fiveMinutes)) / GB,
    oneHour: (rawBytesPerDay * ratio(3600) * kept(retention.oneHour)) / GB,
  };
}
