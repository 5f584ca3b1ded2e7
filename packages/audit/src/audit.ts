import type { CheckContext } from "./check.js";
import { CHECKS } from "./checks/index.js";
import { type CompactorEvidence, nextCounters, type SourceResult } from "./compactor.js";
import type { AuditConfig } from "./config.js";
import type { DiscoveryEvidence } from "./discovery.js";
import {
  type BucketAccessError,
  type BucketAccessKind,
  bucketAccessErrorOf,
  describeError,
  ReadStoppedError,
} from "./errors.js";
import type { Finding } from "./finding.js";
import type { CacheState } from "./ports.js";
import { type BucketRead, type ReadOptions, type ReadStats, readBucket } from "./reader.js";
import { buildReport, type Report } from "./report.js";
import { withRetry } from "./retry.js";
import { type ShardUsageByService, shardsStatus } from "./shards.js";
import { streamsOf } from "./streams.js";
import { type BucketView, buildView } from "./view.js";

/** Options of {@link runAudit}: the bucket's ports, thresholds, the time, the compactor and shard evidence. */
export interface AuditOptions extends ReadOptions {
  /** Shown in reports, e.g. `s3://bucket/prefix`. */
  bucket: string;
  config: AuditConfig;
  compactor?: CompactorEvidence;
  /** Since when each expected stream has been expected ({@link CheckContext.expectedSince}). */
  expectedSince?: Readonly<Record<string, number>>;
  /** The Prometheus replicas' head series and memory, read from Thanos; absent when there is no Query URL. */
  shards?: SourceResult<ShardUsageByService>;
  /** The discovery refresh's state (Organization mode); absent when there is no refresh. */
  discovery?: DiscoveryEvidence;
}

/** A run's report, with the view it judged (for the PNG timeline) and the read statistics. */
export interface AuditResult {
  report: Report;
  view: BucketView;
  stats: ReadStats;
  /**
   * Why the bucket could not be read, when the cause is one the user must fix (missing directory, no
   * credentials, access denied, ...): callers map it to a usage/access outcome (the CLI's exit code 3).
   */
  bucketAccess?: BucketAccessError;
}

const EMPTY_VIEW: BucketView = { blocks: new Map(), problems: [], objectCount: 0 };

/**
 * Reads the bucket, runs every check and builds the report. A bucket that cannot be read becomes a
 * `source-unavailable` finding and the compactor is judged from the other sources. The cache is saved after a
 * complete read, and after a read stopped at its deadline ({@link ReadStoppedError}): that run reports the
 * bucket as unavailable (so it resolves nothing) and the next run continues from what it read.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const compactor = options.compactor ?? {};
  let view = EMPTY_VIEW;
  let stats: ReadStats = { listRequests: 0, getRequests: 0, retries: 0, cachedMetas: 0 };
  let bucketError: string | undefined;
  let access: BucketAccessError | undefined;
  let stopped = false;
  // A cache that cannot be saved costs the next run its warm start, nothing else.
  const saveCache = (next: CacheState) =>
    withRetry(
      "save the audit cache",
      () => options.cache?.save(next) ?? Promise.resolve(),
      options.retry,
    ).catch((error: unknown) => {
      stats.cacheError = describeError(error);
    });
  try {
    const read = await readView(options);
    view = read.view;
    stats = read.stats;
    await saveCache(read.nextCache);
  } catch (error) {
    access = bucketAccessErrorOf(error);
    bucketError = access?.message ?? describeError(error);
    if (error instanceof ReadStoppedError) {
      stopped = true;
      stats = error.stats;
      await saveCache(error.nextCache);
    }
  }
  return {
    report: judge(view, compactor, options, bucketError, access?.kind, stopped),
    view,
    stats,
    ...(access ? { bucketAccess: access } : {}),
  };
}

/**
 * Reads the bucket and builds its view, in a function of its own so that nothing of the read but what the view
 * keeps outlives it: the listing (300,000 objects at 100,000 blocks) is garbage before the cache is saved.
 */
async function readView(
  options: ReadOptions,
): Promise<Pick<BucketRead, "nextCache" | "stats"> & { view: BucketView }> {
  const { listing, texts, cachedMetas, nextCache, stats } = await readBucket(options);
  return { view: buildView(listing, { texts, cachedMetas }), nextCache, stats };
}

/** Runs every check over a view; a check that throws becomes a finding, never a failed audit. */
export function judge(
  view: BucketView,
  compactor: CompactorEvidence,
  options: Pick<AuditOptions, "bucket" | "config" | "now" | "expectedSince" | "shards" | "discovery">,
  bucketError?: string,
  bucketAccess?: BucketAccessKind,
  bucketStopped = false,
): Report {
  const streams = streamsOf(view, options.config);
  const ctx: CheckContext = {
    view,
    streams,
    config: options.config,
    now: options.now,
    compactor,
    ...(options.expectedSince ? { expectedSince: options.expectedSince } : {}),
    ...(options.shards ? { shards: options.shards } : {}),
    ...(options.discovery ? { discovery: options.discovery } : {}),
    ...(bucketError !== undefined ? { bucketError } : {}),
    ...(bucketAccess !== undefined ? { bucketAccess } : {}),
    ...(bucketStopped ? { bucketStopped } : {}),
  };
  const findings: Finding[] = CHECKS.flatMap((check) => {
    try {
      return check.run(ctx);
    } catch (error) {
      return [
        {
          id: "source-unavailable" as const,
          severity: "warning" as const,
          subject: `check ${check.id}`,
          evidence: `the check failed: ${describeError(error)}`,
          fix: "report this as a fleetwatch bug with the audit's log",
        },
      ];
    }
  });
  const counters = nextCounters(
    compactor.metrics?.ok ? compactor.metrics.value : undefined,
    compactor.previous,
    options.now,
  );
  return buildReport({
    ...options,
    view,
    streams,
    findings,
    compactor,
    counters,
    bucketError,
    shards: shardsStatus(options.config, options.shards),
  });
}
