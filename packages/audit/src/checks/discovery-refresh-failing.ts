import type { Check } from "../check.js";
import { discoveryCoverage, discoveryFailure, discoveryFix, utcMinute } from "../discovery.js";
import type { Finding } from "../finding.js";
import { formatDuration, HOUR } from "../time.js";

/** How long the refresh may not follow the units before it is a warning, and a critical. */
export const DISCOVERY_FAILING_WARNING_MS = HOUR;
export const DISCOVERY_FAILING_CRITICAL_MS = 24 * HOUR;

/**
 * The discovery refresh (Organization mode) has not followed the units for an hour (warning) or a day (critical):
 * its runs fail since `failingSince`, or its last run is older than three periods (not running). The Prometheus
 * configs keep discovering in the accounts of its last success: an account that joined since is not scraped, one
 * that left still is. A record that could not be read is not judged (the digest says "unknown").
 */
export const discoveryRefreshFailing: Check = {
  id: "discovery-refresh-failing",
  run({ discovery, now }) {
    if (discovery?.kind !== "status") return [];
    const failure = discoveryFailure(discovery, now);
    if (!failure) return [];
    const failingMs = now - Date.parse(failure.since);
    if (failingMs < DISCOVERY_FAILING_WARNING_MS) return [];
    const { status } = discovery;
    const cause =
      failure.kind === "not-running"
        ? `not running: last run ${utcMinute(status.lastRunAt)}`
        : `failing since ${utcMinute(failure.since)}: ${status.outcome}${status.problem ? ` (${status.problem})` : ""}`;
    const finding: Finding = {
      id: "discovery-refresh-failing",
      severity: failingMs >= DISCOVERY_FAILING_CRITICAL_MS ? "critical" : "warning",
      subject: "MonitoringDiscoveryRefresh",
      evidence: `${cause}, for ${formatDuration(failingMs)}; ${discoveryCoverage(status)}`.slice(0, 300),
      fix: discoveryFix(failure, status),
    };
    return [finding];
  },
};
