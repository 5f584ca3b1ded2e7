import {
  DEFAULT_AUDIT_CONFIG,
  type Report,
  type ReportStore,
  runScheduledAudit,
  type SlackMessage,
} from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "../support/blocks";
import { HEALTHY_METRICS } from "../support/compactor";
import { MemoryBucket } from "../support/memory-bucket";

class MemoryReports implements ReportStore {
  saved: Report[] = [];
  events: string[];
  constructor(events: string[]) {
    this.events = events;
  }
  async latest() {
    return this.saved.at(-1);
  }
  async save(report: Report) {
    this.events.push("save");
    this.saved.push(structuredClone(report));
    return `reports/${report.generatedAt}.json`;
  }
}

function setup(fixture: BucketFixture) {
  const events: string[] = [];
  const posted: SlackMessage[] = [];
  const reports = new MemoryReports(events);
  let failSlack = false;
  const notifier = {
    post: async (m: SlackMessage) => {
      events.push("post");
      if (failSlack) throw new Error("post to Slack webhook: HTTP 500 after 4 attempts");
      posted.push(m);
    },
  };
  const run = (now: number, metrics = HEALTHY_METRICS) => {
    const bucket = new MemoryBucket(fixture.objects, fixture.bodies);
    return runScheduledAudit({
      bucket: "s3://t",
      lister: bucket,
      reader: bucket,
      config: DEFAULT_AUDIT_CONFIG,
      now,
      reports,
      notifier,
      compactor: { metrics: { ok: true, value: metrics } },
    });
  };
  return { events, posted, reports, run, failSlack: () => (failSlack = true) };
}

describe("runScheduledAudit", () => {
  it("stores the report first, then posts only on change", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    const s = setup(fixture);
    expect((await s.run(NOW)).slack).toEqual({ status: "unchanged" });
    const stale = await s.run(NOW + 6 * HOUR);
    expect(stale.slack).toEqual({ status: "posted" });
    expect(s.events).toEqual(["save", "save", "post"]);
    expect((await s.run(NOW + 7 * HOUR)).slack).toEqual({ status: "unchanged" });
    rawBlocks(fixture, STREAM_A0, NOW - 2 * HOUR, NOW + 6 * HOUR);
    const resolved = await s.run(NOW + 7 * HOUR);
    expect(resolved.change.resolved.map((f) => f.id)).toEqual(["stream-stale"]);
    expect(s.posted).toHaveLength(2);
  });

  it("keeps the report when Slack fails", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 20 * HOUR, NOW - 12 * HOUR);
    const s = setup(fixture);
    s.failSlack();
    const outcome = await s.run(NOW);
    expect(outcome.slack).toEqual({
      status: "failed",
      error: "post to Slack webhook: HTTP 500 after 4 attempts",
    });
    expect(s.reports.saved).toHaveLength(1);
  });

  it("carries the compactor counters from one run to the next and finds a stall", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    const s = setup(fixture);
    await s.run(NOW);
    expect(s.reports.saved[0]?.compactor.counters).toEqual({
      at: NOW,
      iterations: 120,
      compactionFailures: 0,
      lastProgressAt: NOW,
    });
    const later = await s.run(NOW + HOUR / 2 + 4 * HOUR);
    expect(later.report.findings.map((f) => f.id)).toContain("compactor-stalled");
  });
});
