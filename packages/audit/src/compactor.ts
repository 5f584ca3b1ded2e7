/** What one evidence source returned: its value, or why it could not be read. Absent when not configured. */
export type SourceResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A task of the compactor's ECS service that stopped recently. */
export interface StoppedTask {
  taskArn: string;
  /** Unix ms. */
  stoppedAt: number;
  reason: string;
  exitCode?: number;
}

/** The compactor's ECS service as DescribeServices + ListTasks/DescribeTasks see it. */
export interface EcsServiceState {
  status: string;
  desired: number;
  running: number;
  pending: number;
  stoppedTasks: StoppedTask[];
}

/** Gauges and counters read from the compactor's /metrics. Absent when the compactor does not export one. */
export interface CompactorMetrics {
  halted?: number;
  iterations?: number;
  compactionFailures?: number;
  downsampleFailures?: number;
  todoCompactions?: number;
  todoCompactionBlocks?: number;
  todoDownsampleBlocks?: number;
  todoDeletionBlocks?: number;
  /** Unix seconds of `thanos_objstore_bucket_last_successful_upload_time`. */
  lastSuccessfulUpload?: number;
}

/** Counters persisted with each report, compared by the next run. */
export interface CompactorCounters {
  /** Unix ms the counters were read. */
  at: number;
  iterations: number;
  compactionFailures: number;
  /** Unix ms the iterations counter was last seen to grow (or the compactor to restart). */
  lastProgressAt: number;
}

/** The three independent sources of compactor health. A source left out was not configured. */
export interface CompactorEvidence {
  ecs?: SourceResult<EcsServiceState>;
  metrics?: SourceResult<CompactorMetrics>;
  /** The counters of the previous run, if any. */
  previous?: CompactorCounters;
}

/** The counters to persist for the next run, from this run's metrics and the previous counters. */
export function nextCounters(
  metrics: CompactorMetrics | undefined,
  previous: CompactorCounters | undefined,
  now: number,
): CompactorCounters | undefined {
  if (metrics?.iterations === undefined) return previous;
  const iterations = metrics.iterations;
  const compactionFailures = metrics.compactionFailures ?? 0;
  // A counter going down means the process restarted: count that as progress, judge from here on.
  const progressed = !previous || iterations !== previous.iterations;
  return {
    at: now,
    iterations,
    compactionFailures,
    lastProgressAt: progressed ? now : previous.lastProgressAt,
  };
}
