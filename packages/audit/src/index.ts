export { type AuditOptions, type AuditResult, judge, runAudit } from "./audit.js";
export type { Check, CheckContext } from "./check.js";
export { CHECKS } from "./checks/index.js";
export {
  type CompactorCounters,
  type CompactorEvidence,
  type CompactorMetrics,
  type EcsServiceState,
  nextCounters,
  type SourceResult,
  type StoppedTask,
} from "./compactor.js";
export { type AuditConfig, auditConfigFromResolved, DEFAULT_AUDIT_CONFIG, GROUP_LABEL } from "./config.js";
export { BucketReadError, InvalidReportError } from "./errors.js";
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
export {
  type BucketRead,
  coldBoundaries,
  quantileBoundaries,
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
export { DEFAULT_RETRY, isRetryable, type RetryOptions, withRetry } from "./retry.js";
export { matchesLabels, type Stream, streamsOf } from "./streams.js";
export { formatDuration, isoSeconds } from "./time.js";
export {
  type BlockEntry,
  type BucketView,
  buildView,
  type ListedObject,
  liveBlocks,
  type ViewDocuments,
} from "./view.js";
