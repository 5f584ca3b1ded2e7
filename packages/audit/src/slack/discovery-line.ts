import { formatDuration } from "../time.js";
import { clip, escapeMrkdwn } from "./blocks.js";

/**
 * The discovery refresh's status record (Organization mode) as the digest needs it: the shape of
 * `monitoring/discovery-refresh/status.json` (its schema is owned by `@fleetwatch/state-layout`).
 */
export interface DigestDiscoveryStatus {
  lastRunAt: string;
  outcome: string;
  level: "ok" | "expected" | "problem";
  problem?: string;
  units?: string[];
  lastSuccessAt?: string;
  memberAccounts?: number;
  failingSince?: string;
}

/**
 * The digest's view of the discovery refresh: its record and how often it runs, or why its state is unknown (no
 * record although the refresh should run, a record that is not valid, a bucket that cannot be read).
 */
export type DigestDiscovery =
  | {
      kind: "status";
      status: DigestDiscoveryStatus;
      /** The refresh's schedule period. */
      periodMs: number;
      /** A last run older than this means the refresh is not running. */
      staleAfterMs: number;
    }
  | { kind: "unknown"; why: string };

/** What to do about a failing outcome, one line; the refresh's logs carry the details. */
const FIXES: Record<string, string> = {
  "accounts-unavailable":
    "deploy fleetwatch in the Organization's management account or a delegated administrator so it may list the units (AccessDenied), or wait for AWS Organizations (throttling): every run retries",
  "invalid-render-input": "run sst deploy again: it rewrites the current version's render input",
  "not-organization": "deploy again: the deployed config version has no accounts.organization",
  "store-failed":
    "check the MonitoringDiscoveryRefresh role's access to the state bucket (its logs name the key)",
};

const DEFAULT_FIX = "read the MonitoringDiscoveryRefresh logs";

const NOT_RUNNING_FIX =
  "check the MonitoringDiscoveryRefreshSchedule schedule and the function's errors and timeouts in CloudWatch";

/** `2026-11-29T21:10:07.000Z` -> `2026-11-29 21:10 UTC`. */
const utcMinute = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const ago = (iso: string, now: number): string => `${formatDuration(now - Date.parse(iso))} ago`;

const unitsPart = (units: string[] | undefined): string =>
  units?.length ? escapeMrkdwn(units.join(", ")) : "the units";

const coverage = (status: DigestDiscoveryStatus): string =>
  status.lastSuccessAt
    ? `scraping covers the accounts of ${utcMinute(status.lastSuccessAt)}`
    : "scraping covers the accounts of the last deploy";

/**
 * The digest's line on the discovery refresh (Organization mode), e.g. `*Discovery* following ou-ab12-cdef3456:
 * 12 member accounts, checked 4m ago`, or when failing `*Discovery* :red_circle: not following the units since
 * 2026-11-29 21:10 UTC (accounts-unavailable: ...): scraping covers the accounts of <time>; fix: <one line>`, or
 * `not running` when its last run is older than `staleAfterMs`, or `unknown (<why>)`.
 */
export function discoveryLine(discovery: DigestDiscovery, now: number): string {
  if (discovery.kind === "unknown") return `*Discovery* unknown (${escapeMrkdwn(clip(discovery.why, 300))})`;
  const { status, periodMs, staleAfterMs } = discovery;
  if (now - Date.parse(status.lastRunAt) > staleAfterMs)
    return `*Discovery* :red_circle: not running: last run ${utcMinute(status.lastRunAt)} (${ago(status.lastRunAt, now)}, expected every ${formatDuration(periodMs)}); ${coverage(status)}; fix: ${NOT_RUNNING_FIX}`;
  if (status.failingSince) {
    const problem = status.problem ? `: ${clip(status.problem, 200)}` : "";
    const cause = escapeMrkdwn(`${status.outcome}${problem}`);
    const fix = escapeMrkdwn(FIXES[status.outcome] ?? DEFAULT_FIX);
    return `*Discovery* :red_circle: not following the units since ${utcMinute(status.failingSince)} (${cause}): ${coverage(status)}; fix: ${fix}`;
  }
  if (status.lastSuccessAt === undefined)
    return `*Discovery* not yet following ${unitsPart(status.units)} (last run ${ago(status.lastRunAt, now)}: ${escapeMrkdwn(status.outcome)})`;
  const accounts = status.memberAccounts ?? 0;
  return `*Discovery* following ${unitsPart(status.units)}: ${accounts} member account${accounts === 1 ? "" : "s"}, checked ${ago(status.lastSuccessAt, now)}`;
}
