import { findingKey } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { scheduledRuns } from "../support/scheduled";

const staleFixture = () => {
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, NOW - 20 * HOUR, NOW - 12 * HOUR);
  return fixture;
};

describe("runScheduledAudit", () => {
  it("stores the report, posts only what Slack was not told, and resolves after a complete read", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    const s = scheduledRuns(fixture);
    expect((await s.run(NOW)).slack).toEqual({ status: "unchanged" });
    const stale = await s.run(NOW + 6 * HOUR);
    expect(stale.slack).toEqual({ status: "posted" });
    expect(stale.storedAt).toBe(`reports/${new Date(NOW + 6 * HOUR).toISOString()}.json`);
    expect((await s.run(NOW + 7 * HOUR)).slack).toEqual({ status: "unchanged" });
    rawBlocks(fixture, STREAM_A0, NOW - 2 * HOUR, NOW + 6 * HOUR);
    const resolved = await s.run(NOW + 7 * HOUR);
    expect(resolved.change.resolved.map((f) => f.id)).toEqual(["stream-stale"]);
    expect(s.slack.posted).toHaveLength(2);
    expect(Object.keys(s.store.state?.delivered ?? {})).toEqual(["compactor-stalled compactor"]);
    expect(s.store.reports).toHaveLength(4);
  });

  it("keeps a change undelivered while Slack fails and posts it on the next run", async () => {
    const s = scheduledRuns(staleFixture());
    s.slack.failures = 1;
    const failed = await s.run(NOW);
    expect(failed.slack).toEqual({
      status: "failed",
      error: "post to Slack webhook: HTTP 500 after 4 attempts",
    });
    expect(s.store.reports).toHaveLength(1);
    expect(s.store.state?.delivered).toEqual({});
    expect(s.store.state?.claim).toBeUndefined();
    const next = await s.run(NOW + HOUR / 2);
    expect(next.slack).toEqual({ status: "posted" });
    expect(next.change.raised.map(findingKey)).toEqual(failed.change.raised.map(findingKey));
    expect((await s.run(NOW + HOUR)).slack).toEqual({ status: "unchanged" });
    expect(s.slack.posted).toHaveLength(1);
  });

  it("carries the compactor counters from one run to the next and finds a stall", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    const s = scheduledRuns(fixture);
    await s.run(NOW);
    const counters = { at: NOW, iterations: 120, compactionFailures: 0, lastProgressAt: NOW };
    expect(s.store.reports[0]?.compactor.counters).toEqual(counters);
    expect(s.store.state?.counters).toEqual(counters);
    const later = await s.run(NOW + HOUR / 2 + 4 * HOUR);
    expect(later.report.findings.map((f) => f.id)).toContain("compactor-stalled");
  });

  it("takes what the latest report found as delivered when no delivery state exists yet", async () => {
    const s = scheduledRuns(staleFixture());
    await s.run(NOW);
    const before = s.store.state;
    expect(Object.keys(before?.delivered ?? {}).length).toBeGreaterThan(0);
    // A deployment from before the delivery state: only the report exists.
    const upgraded = scheduledRuns(staleFixture());
    await upgraded.store.save(s.store.reports[0] as never);
    const first = await upgraded.run(NOW + HOUR / 2);
    expect(first.slack).toEqual({ status: "unchanged" });
    expect(upgraded.store.state?.delivered).toEqual(before?.delivered);
  });
});
