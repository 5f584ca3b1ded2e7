import {
  type AuditConfig,
  type BucketAccessKind,
  buildView,
  type Check,
  type CompactorEvidence,
  DEFAULT_AUDIT_CONFIG,
  type DiscoveryEvidence,
  type Finding,
  type FindingId,
  judge,
  type Report,
  type ShardUsageByService,
  type SourceResult,
  streamsOf,
} from "@fleetwatch/audit";
import { type BucketFixture, NOW } from "@fleetwatch/devkit/blocks";

/** How a test judges a fixture: config overrides, the time, compactor evidence, a bucket read failure. */
export interface JudgeOptions {
  config?: Partial<AuditConfig>;
  now?: number;
  compactor?: CompactorEvidence;
  /** The Prometheus replicas' usage as Thanos answered. */
  shards?: SourceResult<ShardUsageByService>;
  /** The discovery refresh's state (Organization mode). */
  discovery?: DiscoveryEvidence;
  bucketError?: string;
  /** The known cause of `bucketError`. */
  bucketAccess?: BucketAccessKind;
  /** Since when each expected stream has been expected, by labels key (Unix ms). */
  expectedSince?: Record<string, number>;
}

/** The findings of one id that a full audit of the fixture produces. */
export function findingsOf(fixture: BucketFixture, id: FindingId, options: JudgeOptions = {}): Finding[] {
  return reportOf(fixture, options).findings.filter((f) => f.id === id);
}

/** The report a full audit of the fixture produces. */
export function reportOf(fixture: BucketFixture, options: JudgeOptions = {}): Report {
  const view = buildView(fixture.listing(), fixture.docs());
  return judge(
    view,
    options.compactor ?? {},
    {
      bucket: "s3://test",
      config: { ...DEFAULT_AUDIT_CONFIG, ...options.config },
      now: options.now ?? NOW,
      ...(options.expectedSince ? { expectedSince: options.expectedSince } : {}),
      ...(options.shards ? { shards: options.shards } : {}),
      ...(options.discovery ? { discovery: options.discovery } : {}),
    },
    options.bucketError,
    options.bucketAccess,
  );
}

/** What one check returns for the fixture, run alone: nothing filtered, so a stray non-finding shows. */
export function runCheck(check: Check, fixture: BucketFixture, options: JudgeOptions = {}): unknown[] {
  const view = buildView(fixture.listing(), fixture.docs());
  const config = { ...DEFAULT_AUDIT_CONFIG, ...options.config };
  return check.run({
    view,
    streams: streamsOf(view, config),
    config,
    now: options.now ?? NOW,
    compactor: options.compactor ?? {},
    ...(options.expectedSince ? { expectedSince: options.expectedSince } : {}),
    ...(options.shards ? { shards: options.shards } : {}),
    ...(options.bucketError !== undefined ? { bucketError: options.bucketError } : {}),
    ...(options.bucketAccess !== undefined ? { bucketAccess: options.bucketAccess } : {}),
  });
}
