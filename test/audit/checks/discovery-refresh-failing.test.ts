import type { DiscoveryEvidence, DiscoveryStatus } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { scheduledRuns } from "../../support/scheduled";

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const evidence = (status: DiscoveryStatus): DiscoveryEvidence => ({
  kind: "status",
  status,
  periodMs: 10 * MINUTE,
  staleAfterMs: 30 * MINUTE,
});
/** A refresh whose runs fail since `failingMs` ago (its last run 5 minutes ago, its last success a day before). */
const failing = (failingMs: number, now = NOW) =>
  evidence({
    lastRunAt: iso(now - 5 * MINUTE),
    outcome: "accounts-unavailable",
    level: "problem",
    problem: "AwsCallError: organizations:ListAccountsForParent AccessDeniedException",
    lastSuccessAt: "2026-11-19T00:00:00.000Z",
    memberAccounts: 3,
    failingSince: iso(now - failingMs),
  });
const healthyStatus = (now = NOW): DiscoveryStatus => ({
  lastRunAt: iso(now - 5 * MINUTE),
  outcome: "unchanged",
  level: "ok",
  lastSuccessAt: iso(now - 5 * MINUTE),
  memberAccounts: 3,
});
const healthy = (now = NOW) => evidence(healthyStatus(now));
const judged = (discovery?: DiscoveryEvidence) =>
  findingsOf(new BucketFixture(), "discovery-refresh-failing", discovery ? { discovery } : {}).map((f) => [
    f.subject,
    f.severity,
  ]);

describe("discovery-refresh-failing", () => {
  it.each([
    { failing: HOUR - 1, severity: undefined },
    { failing: HOUR, severity: "warning" },
    { failing: 24 * HOUR - 1, severity: "warning" },
    { failing: 24 * HOUR, severity: "critical" },
  ])("failing for $failing ms: $severity (both limits inclusive)", ({ failing: ms, severity }) => {
    expect(judged(failing(ms))).toEqual(severity ? [["MonitoringDiscoveryRefresh", severity]] : []);
  });

  it("says since when, why, whose accounts scraping still covers, and the fix of the outcome", () => {
    const [finding] = findingsOf(new BucketFixture(), "discovery-refresh-failing", {
      discovery: failing(2 * HOUR),
    });
    expect(finding).toEqual({
      id: "discovery-refresh-failing",
      severity: "warning",
      subject: "MonitoringDiscoveryRefresh",
      evidence:
        "failing since 2026-11-20 10:00 UTC: accounts-unavailable (AwsCallError: organizations:ListAccountsForParent AccessDeniedException), for 2h; scraping covers the accounts of 2026-11-19 00:00 UTC",
      fix: "deploy fleetwatch in the Organization's management account or a delegated administrator so it may list the units (AccessDenied), or wait for AWS Organizations (throttling): every run retries",
    });
  });

  it("finds a refresh that has not run for three periods, from its last run", () => {
    const stale = evidence({
      ...healthyStatus(),
      lastRunAt: iso(NOW - 2 * HOUR),
      lastSuccessAt: iso(NOW - 2 * HOUR),
    });
    const [finding] = findingsOf(new BucketFixture(), "discovery-refresh-failing", { discovery: stale });
    expect(finding).toMatchObject({
      severity: "warning",
      evidence: expect.stringMatching(/^not running: last run 2026-11-20 10:00 UTC, for 2h;/),
      fix: expect.stringContaining("MonitoringDiscoveryRefreshSchedule"),
    });
  });

  it("judges nothing without a refresh, with a healthy one, or with a record it could not read", () => {
    expect(judged()).toEqual([]);
    expect(judged(healthy())).toEqual([]);
    expect(judged({ kind: "unknown", why: "not valid" })).toEqual([]);
  });

  it("is posted once, kept while the record cannot be read, and resolved once the refresh succeeds", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - HOUR);
    const s = scheduledRuns(fixture);
    const key = "discovery-refresh-failing MonitoringDiscoveryRefresh";
    await s.run(NOW, { discovery: failing(2 * HOUR) });
    await s.run(NOW + HOUR / 2, { discovery: failing(2.5 * HOUR, NOW + HOUR / 2) });
    expect(s.announced.get(key)).toBe(1);
    const unread = await s.run(NOW + HOUR, { discovery: { kind: "unknown", why: "SlowDown" } });
    expect(unread.change.resolved).toEqual([]);
    expect(s.store.state?.delivered[key]).toBeDefined();
    const back = await s.run(NOW + 1.5 * HOUR, { discovery: healthy(NOW + 1.5 * HOUR) });
    expect(back.change.resolved.map((f) => f.id)).toContain("discovery-refresh-failing");
    expect(s.resolvedPosts.get(key)).toBe(1);
    expect(s.store.state?.delivered[key]).toBeUndefined();
  });
});
