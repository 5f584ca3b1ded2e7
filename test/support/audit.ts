import {
  type AuditConfig,
  buildView,
  type CompactorEvidence,
  DEFAULT_AUDIT_CONFIG,
  type Finding,
  type FindingId,
  judge,
} from "@fleetwatch/audit";
import { type BucketFixture, NOW } from "./blocks";

/** The findings of one id that a full audit of the fixture produces. */
export function findingsOf(
  fixture: BucketFixture,
  id: FindingId,
  options: {
    config?: Partial<AuditConfig>;
    now?: number;
    compactor?: CompactorEvidence;
    bucketError?: string;
  } = {},
): Finding[] {
  const view = buildView(fixture.listing(), fixture.docs());
  const report = judge(
    view,
    options.compactor ?? {},
    { bucket: "s3://test", config: { ...DEFAULT_AUDIT_CONFIG, ...options.config }, now: options.now ?? NOW },
    options.bucketError,
  );
  return report.findings.filter((f) => f.id === id);
}
