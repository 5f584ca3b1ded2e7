// The discovery refresh (Organization mode) as the audit and the digest see it: its status record, or why its
// state is unknown; since when it has not followed the units; what to do about it.

/**
 * The discovery refresh's status record: the shape of `monitoring/discovery-refresh/status.json` (its schema is
 * owned by `@fleetwatch/state-layout`, which the adapter validates it with).
 */
export interface DiscoveryStatus {
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
 * The discovery refresh's state as read for one run: its record and how often it runs, or why its state is
 * unknown (no record although the refresh should run, a record that is not valid, a bucket that cannot be read).
 * Absent (members mode): there is no refresh to judge.
 */
export type DiscoveryEvidence =
  | {
      kind: "status";
      status: DiscoveryStatus;
      /** The refresh's schedule period. */
      periodMs: number;
      /** A last run older than this means the refresh is not running. */
      staleAfterMs: number;
    }
  | { kind: "unknown"; why: string };

/** Whether the refresh's state was read this run: a finding about it resolves only then. */
export type DiscoverySource = "ok" | "unavailable" | "not-configured";

export const discoverySource = (evidence: DiscoveryEvidence | undefined): DiscoverySource =>
  !evidence ? "not-configured" : evidence.kind === "status" ? "ok" : "unavailable";

/** Why the refresh does not follow the units: it is not running, or its runs fail; since when. */
export type DiscoveryFailure = { kind: "not-running" | "failing"; since: string };

/**
 * Since when the refresh has not followed the units at `now`: `not-running` since its last run when that is older
 * than `staleAfterMs`, `failing` since `failingSince`; undefined while it follows them.
 */
export function discoveryFailure(
  evidence: Extract<DiscoveryEvidence, { kind: "status" }>,
  now: number,
): DiscoveryFailure | undefined {
  const { status, staleAfterMs } = evidence;
  if (now - Date.parse(status.lastRunAt) > staleAfterMs)
    return { kind: "not-running", since: status.lastRunAt };
  return status.failingSince ? { kind: "failing", since: status.failingSince } : undefined;
}

/** What to do about a failing outcome, one line; the refresh's logs carry the details. */
const FIXES: Record<string, string> = {
  "accounts-unavailable":
    "deploy fleetwatch in the Organization's management account or a delegated administrator so it may list the units (AccessDenied), or wait for AWS Organizations (throttling): every run retries",
  "invalid-render-input":
    "run sst deploy (a version deployed before the refresh existed gets its render input); if the object was deleted or edited by hand, run sst refresh first so the deploy writes it again",
  "not-organization": "deploy again: the deployed config version has no accounts.organization",
  "store-failed":
    "check the MonitoringDiscoveryRefresh role's access to the state bucket (its logs name the key)",
};

const NOT_RUNNING_FIX =
  "check the MonitoringDiscoveryRefreshSchedule schedule and the function's errors and timeouts in CloudWatch";

/** The one-line fix of a refresh that does not follow the units. */
export function discoveryFix(failure: DiscoveryFailure, status: DiscoveryStatus): string {
  if (failure.kind === "not-running") return NOT_RUNNING_FIX;
  return FIXES[status.outcome] ?? "read the MonitoringDiscoveryRefresh logs";
}

/** `2026-11-29T21:10:07.000Z` -> `2026-11-29 21:10 UTC`. */
export const utcMinute = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** Whose accounts the Prometheus configs discover in while the refresh does not follow the units. */
export const discoveryCoverage = (status: DiscoveryStatus): string =>
  status.lastSuccessAt
    ? `scraping covers the accounts of ${utcMinute(status.lastSuccessAt)}`
    : "scraping covers the accounts of the last deploy";
