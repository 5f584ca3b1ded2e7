import type { CompactorCounters, CompactorEvidence } from "./compactor.js";
import { type CompactorState, compactorState, concernsCompactor } from "./compactor-verdict.js";
import type { AuditConfig } from "./config.js";
import { type Finding, type Severity, sortFindings } from "./finding.js";
import type { ShardsStatus } from "./shards.js";
import type { Stream } from "./streams.js";
import type { BucketView } from "./view.js";

/** The worst severity of a report, `healthy` when there is no warning or critical finding. */
export type OverallStatus = "healthy" | "warning" | "critical";

/** A stream's freshness, as the digest's table shows it. */
export interface StreamStatus {
  stream: string;
  group: string;
  /** ISO time the newest raw block ends, absent without raw blocks. */
  newestRawBlockEnd?: string;
  /** Age of that end at the audit's time, ms. */
  ageMs?: number;
  blocks: number;
  status: OverallStatus;
}

/** Where the compactor verdict comes from. */
export type SourceState = "ok" | "unavailable" | "not-configured";

export interface CompactorStatus {
  /** The worst severity of the findings about the compactor; `warning` when its state is `unknown`. */
  status: OverallStatus;
  /** What those findings say it does: the word report headers show. */
  state: CompactorState;
  sources: { ecs: SourceState; metrics: SourceState; bucket: SourceState };
  /** Counters the next run compares with. */
  counters?: CompactorCounters;
}

export interface ReportSummary {
  status: OverallStatus;
  blocks: number;
  objects: number;
  streams: number;
  findings: Record<Severity, number>;
}

/** What one audit run concluded; persisted as JSON in the state bucket (`reports/`). */
export interface Report {
  version: 1;
  bucket: string;
  generatedAt: string;
  summary: ReportSummary;
  findings: Finding[];
  streams: StreamStatus[];
  compactor: CompactorStatus;
  /** Memory pressure of the Prometheus replicas; absent when the config watches none (and in older reports). */
  shards?: ShardsStatus;
}

/** The overall status of a set of findings. */
export function overallStatus(findings: readonly Pick<Finding, "severity">[]): OverallStatus {
  if (findings.some((f) => f.severity === "critical")) return "critical";
  if (findings.some((f) => f.severity === "warning")) return "warning";
  return "healthy";
}

function sourceState(result: { ok: boolean } | undefined): SourceState {
  if (!result) return "not-configured";
  return result.ok ? "ok" : "unavailable";
}

/** Assembles the report of one run. */
export function buildReport(args: {
  bucket: string;
  now: number;
  view: BucketView;
  streams: Stream[];
  findings: Finding[];
  compactor: CompactorEvidence;
  counters: CompactorCounters | undefined;
  bucketError: string | undefined;
  config: AuditConfig;
  shards?: ShardsStatus | undefined;
}): Report {
  const findings = sortFindings(args.findings);
  const counts: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
  for (const f of findings) counts[f.severity]++;
  const status = overallStatus(findings);
  const streams = args.streams.map((s): StreamStatus => {
    const own = findings.filter((f) => f.subject === s.key);
    return {
      stream: s.key,
      group: s.group,
      ...(s.newestRawMaxTime !== undefined
        ? {
            newestRawBlockEnd: new Date(s.newestRawMaxTime).toISOString(),
            ageMs: args.now - s.newestRawMaxTime,
          }
        : {}),
      blocks: s.blocks.length,
      status: overallStatus(own),
    };
  });
  const compactorFindings = findings.filter(concernsCompactor);
  const sources = {
    ecs: sourceState(args.compactor.ecs),
    metrics: sourceState(args.compactor.metrics),
    bucket: args.bucketError === undefined ? ("ok" as const) : ("unavailable" as const),
  };
  const seen =
    sources.ecs === "ok" ||
    sources.metrics === "ok" ||
    (sources.bucket === "ok" && args.view.blocks.size > 0);
  const state = compactorState(compactorFindings, seen);
  const compactorStatus = state === "unknown" ? "warning" : overallStatus(compactorFindings);
  return {
    version: 1,
    bucket: args.bucket,
    generatedAt: new Date(args.now).toISOString(),
    summary: {
      status,
      blocks: args.view.blocks.size,
      objects: args.view.objectCount,
      streams: streams.length,
      findings: counts,
    },
    findings,
    streams,
    compactor: {
      status: compactorStatus,
      state,
      sources,
      ...(args.counters ? { counters: args.counters } : {}),
    },
    ...(args.shards ? { shards: args.shards } : {}),
  };
}

/** The process exit code of a report: 0 healthy, 1 warnings, 2 criticals. */
export function exitCodeOf(report: Pick<Report, "summary">): 0 | 1 | 2 {
  return report.summary.status === "critical" ? 2 : report.summary.status === "warning" ? 1 : 0;
}
