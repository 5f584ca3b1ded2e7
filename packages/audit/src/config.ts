import { DEFAULT_REPLICA_LABELS } from "@fleetwatch/thanos";
import type { WatchedReplica } from "./shards.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * Thresholds and expectations of the audit. Every field has a default ({@link DEFAULT_AUDIT_CONFIG}). A deployed
 * stage's config, and the serialised form the CLI's `--config` file and the Lambdas carry, are built on the wiring
 * side (the monitoring package's `renderAuditConfig` and `auditConfigSchema`).
 */
export interface AuditConfig {
  /**
   * Streams that must have blocks: label subsets; a stream matches when it carries every label given.
   * @default []
   */
  expectedStreams: Record<string, string>[];
  /**
   * Labels whose values the deployment's layout sets (fleetwatch: `fleetwatch_group`, `fleetwatch_shard`,
   * `fleetwatch_ruler`). A stream carrying one of them belongs to the layout only if it matches an expected stream
   * on every one of them (a label the expected stream leaves out must be absent too); otherwise it is the stream of
   * a retired layout (a removed group, a changed shard count): reported once as `stream-retired`, never as stale.
   * Empty: no layout is known and every stream is judged.
   * @default []
   */
  layoutLabels: string[];
  /**
   * Labels that tell replicas apart; removed to name a stream's group in reports.
   * @default ["prometheus_replica", "rule_replica"]
   */
  replicaLabels: string[];
  /** Age of a stream's newest block (now - maxTime) that warns. @default 4h */
  staleWarningMs: number;
  /** Age of a stream's newest block that is critical. @default 6h */
  staleCriticalMs: number;
  /** Age of a block prefix without meta.json that is reported. @default 2h */
  partialUploadMs: number;
  /** Age past which the compactor should have deleted a partial upload (Thanos: 48h, hard-coded). @default 48h */
  partialCleanupMs: number;
  /** The compactor's `--delete-delay`. @default 48h (Thanos's default) */
  deleteDelayMs: number;
  /** Slack on top of delays before the compactor counts as late (its iterations take time). @default 6h */
  slackMs: number;
  /** Age of a level-1 raw block (now - maxTime) that means compaction lags. @default 24h */
  compactionLagMs: number;
  /** Time the compactor gets to downsample a block once it qualifies. @default 24h */
  downsampleLagMs: number;
  /** Whether the compactor downsamples. @default true */
  downsampling: boolean;
  /** Retention per resolution in ms; 0 keeps forever. @default raw 30d, 5m 180d, 1h 2y */
  retentionMs: { raw: number; fiveMinutes: number; oneHour: number };
  /** The compactor's `--consistency-delay`: younger uploads are ignored by overlap checks. @default 30m (Thanos's default) */
  consistencyDelayMs: number;
  /** Time without a new compactor iteration that counts as stalled. @default 3h */
  compactorStallMs: number;
  /** `thanos_compact_todo_compactions` at or above which the compactor has a backlog. @default 20 */
  backlogCompactions: number;
  /** `thanos_compact_todo_downsample_blocks` at or above which the compactor has a backlog. @default 20 */
  backlogDownsampleBlocks: number;
  /**
   * The Prometheus replicas whose memory pressure the `shard-pressure` check judges (one per service of every
   * shard of every scrape group, from the stack's topology).
   * @default []
   */
  prometheus: WatchedReplica[];
  /**
   * Resident memory over the task's memory at or above which a Prometheus replica is under pressure.
   * @default warning 0.8, critical 0.95
   */
  pressure: { warning: number; critical: number };
}

/**
 * The audit's defaults, used where nothing says otherwise (`fleetwatch audit` without `--config`). The compactor's
 * delays are Thanos's own defaults (`--delete-delay=48h`, `--consistency-delay=30m`): a compactor run without those
 * flags. A deployed stage's delays come from the stack's compactor flags instead (`COMPACTOR_DELAYS`).
 */
export const DEFAULT_AUDIT_CONFIG: AuditConfig = {
  expectedStreams: [],
  layoutLabels: [],
  replicaLabels: [...DEFAULT_REPLICA_LABELS],
  staleWarningMs: 4 * HOUR,
  staleCriticalMs: 6 * HOUR,
  partialUploadMs: 2 * HOUR,
  partialCleanupMs: 48 * HOUR,
  deleteDelayMs: 48 * HOUR,
  slackMs: 6 * HOUR,
  compactionLagMs: 24 * HOUR,
  downsampleLagMs: 24 * HOUR,
  downsampling: true,
  retentionMs: { raw: 30 * DAY, fiveMinutes: 180 * DAY, oneHour: 730 * DAY },
  consistencyDelayMs: 30 * MIN,
  compactorStallMs: 3 * HOUR,
  backlogCompactions: 20,
  backlogDownsampleBlocks: 20,
  prometheus: [],
  pressure: { warning: 0.8, critical: 0.95 },
};
