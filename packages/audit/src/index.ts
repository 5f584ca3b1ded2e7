export { type AuditOptions, type AuditResult, judge, runAudit } from "./audit.js";
export { cacheJsonChunks } from "./cache-json.js";
export type { Check, CheckContext } from "./check.js";
export { CHECKS } from "./checks/index.js";
export { ACCESS_FIXES } from "./checks/source-unavailable.js";
export {
  type CompactorCounters,
  type CompactorEvidence,
  type CompactorMetrics,
  type EcsServiceState,
  nextCounters,
  type SourceResult,
  type StoppedTask,
} from "./compactor.js";
export { type CompactorState, compactorState, concernsCompactor } from "./compactor-verdict.js";
export { type AuditConfig, DEFAULT_AUDIT_CONFIG } from "./config.js";
export {
  afterDelivery,
  claimHeld,
  type DeliveryState,
  type DeliveryStore,
  EMPTY_DELIVERY,
  readCompletely,
  type StoredDelivery,
  undelivered,
} from "./delivery.js";
export { diffReports, hasChange, type ReportChange } from "./diff.js";
export { type DigestRun, type PictureStore, runDailyDigest } from "./digest.js";
export { type DiscoveryEvidence, type DiscoveryStatus, discoverySource } from "./discovery.js";
export {
  BucketAccessError,
  type BucketAccessKind,
  BucketReadError,
  bucketAccessErrorOf,
  describeError,
  InvalidSelectorError,
  ReadStoppedError,
  RolloutFailedError,
} from "./errors.js";
export {
  compareSeverity,
  FINDING_IDS,
  type Finding,
  type FindingId,
  findingKey,
  SEVERITIES,
  type Severity,
  sortFindings,
} from "./finding.js";
export { FINDING_DOCS, type FindingDoc, findingsReference } from "./finding-docs.js";
export {
  BLOCK_COLUMNS,
  BLOCK_MARKERS,
  type BlockColumn,
  type BlockJson,
  type BlockMarker,
  type BlockRow,
  blockCells,
  blockColumnOf,
  blockJson,
  blockRows,
  DEFAULT_BLOCK_SORT,
  type InspectOptions,
  inspectBucket,
  sortRows,
} from "./inspect.js";
export { compactorMetricsOf, parseMetricsText, type Sample } from "./metrics-text.js";
export { mapLimit } from "./pool.js";
export type {
  AuditCache,
  CachedMarker,
  CacheState,
  KeyRange,
  ListPage,
  ObjectLister,
  ObjectReader,
} from "./ports.js";
export { LIST_PAGE_KEYS } from "./ports.js";
export {
  type BucketRead,
  coldBoundaries,
  DEADLINE_MARGIN_MS,
  type Deadline,
  pageBoundaries,
  type ReadOptions,
  type ReadProgress,
  type ReadStats,
  readBucket,
} from "./reader.js";
export {
  type CompactorStatus,
  exitCodeOf,
  type OverallStatus,
  overallStatus,
  type Report,
  type ReportSummary,
  type StreamStatus,
} from "./report.js";
export { DEFAULT_BACKOFF, type RetryOptions, withRetry } from "./retry.js";
export {
  assertRolledOut,
  checkRollouts,
  type Deployment,
  type ExpectedRevision,
  ROLLOUT_CLUSTER_ENV,
  type RolloutReader,
  type RolloutVerdict,
  type RolloutWait,
  rolloutFailureMessage,
  rolloutVerdict,
  type StoppedRevisionTask,
} from "./rollout.js";
export { AUDIT_NODE_OPTIONS } from "./runtime.js";
export {
  DELIVERY_STATE_SUBJECT,
  type Notifier,
  type ReportStore,
  runScheduledAudit,
  type ScheduledAuditOptions,
  type ScheduledAuditOutcome,
  type SlackDelivery,
} from "./scheduled.js";
export {
  type LabelMatcher,
  MATCH_OPERATORS,
  type MatchOperator,
  matchesSelector,
  parseSelector,
} from "./selector.js";
export {
  formatCount,
  formatGb,
  formatPercent,
  type ShardPressure,
  type ShardSource,
  type ShardsStatus,
  type ShardUsage,
  type ShardUsageByService,
  shardPressures,
  shardsStatus,
  suggestedMemoryGb,
  type WatchedReplica,
} from "./shards.js";
export type { SlackBlock, SlackMessage } from "./slack/blocks.js";
export { changeMessage } from "./slack/change.js";
export {
  type DigestOnboarding,
  type DigestOptions,
  digestMessage,
  mergeOnboarding,
  type TargetHealth,
} from "./slack/digest.js";
export { discoveryLine } from "./slack/discovery-line.js";
export { shardsLine } from "./slack/shards-line.js";
export { matchesLabels, type Stream, streamsOf } from "./streams.js";
export { formatDuration, isoSeconds } from "./time.js";
export { Canvas } from "./timeline/canvas.js";
export { type FaultKind, type FaultMark, faultMarks } from "./timeline/faults.js";
export { glyphOf, hasGlyph } from "./timeline/font.js";
export {
  type LaneBox,
  layoutTimeline,
  RESOLUTION_LANES,
  type RowBox,
  type TimelineLayout,
  UNKNOWN_STREAM,
  xOf,
} from "./timeline/layout.js";
export {
  rawGaps,
  renderTimeline,
  TIMELINE_COLORS,
  type TimelineOptions,
  timelineLayoutOf,
} from "./timeline/render.js";
export {
  type BlockEntry,
  type BucketView,
  buildView,
  isOversized,
  type ListedObject,
  liveBlocks,
  MAX_DOCUMENT_BYTES,
  type OutsideObjects,
  type ViewDocuments,
} from "./view.js";
