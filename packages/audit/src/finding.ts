/** Finding ids: a public contract (FINDING_DOCS documents each). Never rename one. */
export const FINDING_IDS = [
  "stream-stale",
  "stream-missing",
  "stream-retired",
  "no-blocks",
  "overlap",
  "replica-labels-only",
  "partial-upload",
  "corrupt-meta",
  "missing-file",
  "deletion-overdue",
  "no-compact-mark",
  "compaction-lag",
  "downsample-lag",
  "retention-overdue",
  "compactor-halted",
  "compactor-down",
  "compactor-stalled",
  "compactor-backlog",
  "shard-pressure",
  "discovery-refresh-failing",
  "source-unavailable",
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

/**
 * Information findings Slack is told about once, when they appear (other information only shows in reports): a
 * retired stream after a reshard is news once, and never "resolved" when retention deletes its blocks.
 */
export const ANNOUNCED_ONCE: ReadonlySet<FindingId> = new Set<FindingId>(["stream-retired"]);

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One thing the audit found. */
export interface Finding {
  id: FindingId;
  severity: Severity;
  /** What it is about: stream labels (`{group="a",prometheus_replica="0"}`), a block ULID, or `compactor`. */
  subject: string;
  /** What was observed, with the numbers. */
  evidence: string;
  /** One line: what to do about it. */
  fix: string;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Orders severities: negative when `a` is less severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b];
}

/** Most severe first, then by id and subject: a stable order for reports and diffs. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareSeverity(b.severity, a.severity) ||
      a.id.localeCompare(b.id) ||
      a.subject.localeCompare(b.subject),
  );
}

/** The identity of a finding across runs: the same problem on the same subject. */
export function findingKey(f: Pick<Finding, "id" | "subject">): string {
  return `${f.id} ${f.subject}`;
}
