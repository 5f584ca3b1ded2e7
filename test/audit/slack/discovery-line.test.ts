import {
  type DiscoveryEvidence,
  type DiscoveryStatus,
  digestMessage,
  discoveryLine,
} from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../support/report";

const MINUTE = 60_000;
const NOW = Date.parse("2026-11-30T06:00:00.000Z");
const minutesAgo = (m: number) => new Date(NOW - m * MINUTE).toISOString();
const status = (s: DiscoveryStatus): DiscoveryEvidence => ({
  kind: "status",
  status: s,
  periodMs: 10 * MINUTE,
  staleAfterMs: 30 * MINUTE,
});
const healthy: DiscoveryStatus = {
  lastRunAt: minutesAgo(4),
  outcome: "unchanged",
  level: "ok",
  units: ["ou-ab12-cdef3456", "ou-ab12-0123abcd"],
  lastSuccessAt: minutesAgo(4),
  memberAccounts: 12,
};
const failing: DiscoveryStatus = {
  ...healthy,
  lastRunAt: minutesAgo(2),
  outcome: "accounts-unavailable",
  level: "problem",
  problem: "AwsCallError: organizations:ListAccountsForParent AccessDeniedException <b>",
  lastSuccessAt: "2026-11-29T21:00:00.000Z",
  failingSince: "2026-11-29T21:10:00.000Z",
};

describe("discoveryLine", () => {
  it("says which units it follows, in how many member accounts, and when it last checked", () => {
    expect(discoveryLine(status(healthy), NOW)).toBe(
      "*Discovery* following ou-ab12-cdef3456, ou-ab12-0123abcd: 12 member accounts, checked 4m ago",
    );
    expect(discoveryLine(status({ ...healthy, memberAccounts: 1 }), NOW)).toContain(
      ": 1 member account, checked",
    );
  });

  it("says since when it is not following the units, why, what scraping still covers and the fix, escaped", () => {
    expect(discoveryLine(status(failing), NOW)).toBe(
      "*Discovery* :red_circle: not following the units since 2026-11-29 21:10 UTC (accounts-unavailable: AwsCallError: organizations:ListAccountsForParent AccessDeniedException &lt;b&gt;): scraping covers the accounts of 2026-11-29 21:00 UTC; fix: deploy fleetwatch in the Organization's management account or a delegated administrator so it may list the units (AccessDenied), or wait for AWS Organizations (throttling): every run retries",
    );
  });

  it("says it keeps failing through an expected run (a deploy moved the pointer) and names an unknown outcome's fix", () => {
    const moved = { ...failing, outcome: "pointer-moved", level: "expected" as const, problem: "moved" };
    expect(discoveryLine(status(moved), NOW)).toContain(
      "since 2026-11-29 21:10 UTC (pointer-moved: moved): scraping covers",
    );
    const other = { ...failing, outcome: "something-new", problem: undefined, lastSuccessAt: undefined };
    expect(discoveryLine(status(other), NOW)).toBe(
      "*Discovery* :red_circle: not following the units since 2026-11-29 21:10 UTC (something-new): scraping covers the accounts of the last deploy; fix: read the MonitoringDiscoveryRefresh logs",
    );
  });

  it("says the refresh is not running when its last run is older than three periods", () => {
    expect(discoveryLine(status({ ...healthy, lastRunAt: minutesAgo(30) }), NOW)).toContain("following");
    expect(
      discoveryLine(status({ ...healthy, lastRunAt: minutesAgo(31), lastSuccessAt: minutesAgo(31) }), NOW),
    ).toBe(
      "*Discovery* :red_circle: not running: last run 2026-11-30 05:29 UTC (31m ago, expected every 10m); scraping covers the accounts of 2026-11-30 05:29 UTC; fix: check the MonitoringDiscoveryRefreshSchedule schedule and the function's errors and timeouts in CloudWatch",
    );
  });

  it("says it does not follow the units yet before a first success", () => {
    const first = { lastRunAt: minutesAgo(3), outcome: "no-config", level: "expected" as const };
    expect(discoveryLine(status(first), NOW)).toBe(
      "*Discovery* not yet following the units (last run 3m ago: no-config)",
    );
  });

  it("says unknown with the reason for a missing or malformed record, escaped", () => {
    expect(
      discoveryLine(
        {
          kind: "unknown",
          why: "monitoring/discovery-refresh/status.json is not a valid status (lastRunAt: <x>)",
        },
        NOW,
      ),
    ).toBe(
      "*Discovery* unknown (monitoring/discovery-refresh/status.json is not a valid status (lastRunAt: &lt;x&gt;))",
    );
  });
});

describe("digestMessage's discovery line", () => {
  const sections = (discovery?: DiscoveryEvidence) =>
    digestMessage(sampleReport(), discovery ? { discovery } : {}).blocks.flatMap((b) =>
      b.type === "section" ? [b.text.text] : [],
    );

  it("comes right after onboarding, one section, at the report's time", () => {
    const report = sampleReport();
    const now = Date.parse(report.generatedAt);
    const record = {
      ...healthy,
      lastRunAt: new Date(now - 4 * MINUTE).toISOString(),
      lastSuccessAt: new Date(now - 4 * MINUTE).toISOString(),
    };
    const texts = sections(status(record));
    const at = texts.findIndex((t) => t.startsWith("*Onboarding*"));
    expect(texts[at + 1]).toBe(
      "*Discovery* following ou-ab12-cdef3456, ou-ab12-0123abcd: 12 member accounts, checked 4m ago",
    );
  });

  it("is left out without a discovery state (members mode)", () => {
    expect(sections().filter((t) => t.startsWith("*Discovery*"))).toEqual([]);
  });
});
