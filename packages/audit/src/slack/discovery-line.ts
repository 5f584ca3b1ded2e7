import {
  type DiscoveryEvidence,
  discoveryCoverage,
  discoveryFailure,
  discoveryFix,
  utcMinute,
} from "../discovery.js";
import { formatDuration } from "../time.js";
import { clip, escapeMrkdwn } from "./blocks.js";

const ago = (iso: string, now: number): string => `${formatDuration(now - Date.parse(iso))} ago`;

const unitsPart = (units: string[] | undefined): string =>
  units?.length ? escapeMrkdwn(units.join(", ")) : "the units";

/**
 * The digest's line on the discovery refresh (Organization mode), e.g. `*Discovery* following ou-ab12-cdef3456:
 * 12 member accounts, checked 4m ago`, or when failing `*Discovery* :red_circle: not following the units since
 * 2026-11-29 21:10 UTC (accounts-unavailable: ...): scraping covers the accounts of <time>; fix: <one line>`, or
 * `not running` when its last run is older than `staleAfterMs`, or `unknown (<why>)`.
 */
export function discoveryLine(discovery: DiscoveryEvidence, now: number): string {
  if (discovery.kind === "unknown") return `*Discovery* unknown (${escapeMrkdwn(clip(discovery.why, 300))})`;
  const { status, periodMs } = discovery;
  const failure = discoveryFailure(discovery, now);
  const fix = failure ? escapeMrkdwn(discoveryFix(failure, status)) : "";
  if (failure?.kind === "not-running")
    return `*Discovery* :red_circle: not running: last run ${utcMinute(status.lastRunAt)} (${ago(status.lastRunAt, now)}, expected every ${formatDuration(periodMs)}); ${discoveryCoverage(status)}; fix: ${fix}`;
  if (failure) {
    const problem = status.problem ? `: ${clip(status.problem, 200)}` : "";
    const cause = escapeMrkdwn(`${status.outcome}${problem}`);
    return `*Discovery* :red_circle: not following the units since ${utcMinute(failure.since)} (${cause}): ${discoveryCoverage(status)}; fix: ${fix}`;
  }
  if (status.lastSuccessAt === undefined)
    return `*Discovery* not yet following ${unitsPart(status.units)} (last run ${ago(status.lastRunAt, now)}: ${escapeMrkdwn(status.outcome)})`;
  const accounts = status.memberAccounts ?? 0;
  return `*Discovery* following ${unitsPart(status.units)}: ${accounts} member account${accounts === 1 ? "" : "s"}, checked ${ago(status.lastSuccessAt, now)}`;
}
