import type { CompactorEvidence, SourceResult } from "./compactor.js";
import type { AuditConfig } from "./config.js";
import type { DiscoveryEvidence } from "./discovery.js";
import type { BucketAccessKind } from "./errors.js";
import type { Finding, FindingId } from "./finding.js";
import type { ShardUsageByService } from "./shards.js";
import type { Stream } from "./streams.js";
import type { BucketView } from "./view.js";

/** What every check reads: the bucket view, thresholds, the time, the compactor and the shard evidence. */
export interface CheckContext {
  view: BucketView;
  /** Streams of the view, computed once. */
  streams: Stream[];
  config: AuditConfig;
  /** Unix ms. */
  now: number;
  compactor: CompactorEvidence;
  /**
   * Since when (Unix ms) each expected stream has been expected, by `labelsKey` of its labels: a stream expected
   * recently (a new shard or group) is given the freshness thresholds to upload its first block. Absent (the CLI):
   * every expected stream is judged at once.
   */
  expectedSince?: Readonly<Record<string, number>>;
  /** Head series and resident memory of the Prometheus replicas, as Thanos answers; absent when not asked. */
  shards?: SourceResult<ShardUsageByService>;
  /** The discovery refresh's state (Organization mode); absent when there is no refresh. */
  discovery?: DiscoveryEvidence;
  /** Why the bucket could not be listed, when it could not (the view is then empty). */
  bucketError?: string;
  /** The real cause of `bucketError`, when the adapter knew it. */
  bucketAccess?: BucketAccessKind;
  /** `bucketError` says the read stopped at the run's deadline, its progress saved for the next run. */
  bucketStopped?: boolean;
}

/** A check: pure over its context, returning the findings of one id. */
export interface Check {
  id: FindingId;
  run(ctx: CheckContext): Finding[];
}
