import { DEADLINE_MARGIN_MS, DELIVERY_STATE_SUBJECT, findingKey } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { GET_MS, scheduledRuns } from "../support/scheduled";

const RUN = HOUR / 2;
/** A run with time for 4 GETs before the deadline's margin. */
const SHORT = { timeLeftMs: DEADLINE_MARGIN_MS + 3.5 * GET_MS };

/** Stream A0 stale (a warning or critical at NOW), stream A1 fresh. */
function fixture() {
  const f = new BucketFixture();
  rawBlocks(f, STREAM_A0, NOW - 20 * HOUR, NOW - 12 * HOUR);
  rawBlocks(f, STREAM_A1, NOW - 10 * HOUR, NOW);
  return f;
}

/** Every announced finding was announced exactly once, and nothing was resolved. */
function expectOnceEach(s: ReturnType<typeof scheduledRuns>, keys: string[]) {
  expect(Object.fromEntries(s.announced)).toEqual(Object.fromEntries(keys.map((k) => [k, 1])));
}

describe("scheduled audit delivery under faults", () => {
  it.each([1, 3])("Slack down for %i run(s): the change is posted once when it comes back", async (down) => {
    const s = scheduledRuns(fixture());
    s.slack.failures = down;
    for (let i = 0; i < down; i++) expect((await s.run(NOW + i * RUN)).slack.status).toBe("failed");
    expect(s.slack.posted).toHaveLength(0);
    const back = await s.run(NOW + down * RUN);
    expect(back.slack).toEqual({ status: "posted" });
    const keys = back.change.raised.map(findingKey);
    expect(keys.some((k) => k.startsWith("stream-stale"))).toBe(true);
    expect((await s.run(NOW + (down + 1) * RUN)).slack).toEqual({ status: "unchanged" });
    expectOnceEach(s, keys);
    expect(s.resolvedPosts.size).toBe(0);
  });

  it("SlowDown on every request of one run: nothing resolved, nothing re-raised, the report says so", async () => {
    const s = scheduledRuns(fixture());
    const first = await s.run(NOW);
    const keys = first.change.raised.map(findingKey);
    s.store.slowDown(Number.POSITIVE_INFINITY);
    const slow = await s.run(NOW + RUN, { throttleBucket: true });
    expect(slow.slack.status).toBe("held");
    expect(slow.storeError).toMatch(/store the report: failed after retries/);
    expect(slow.report.findings.filter((f) => f.id === "source-unavailable").map((f) => f.subject)).toEqual([
      "bucket",
      DELIVERY_STATE_SUBJECT,
    ]);
    s.store.slowDown(0);
    const after = await s.run(NOW + 2 * RUN);
    expect(after.slack).toEqual({ status: "unchanged" });
    expect(after.change).toEqual({ raised: [], resolved: [] });
    expect(s.slack.posted).toHaveLength(1);
    expectOnceEach(s, keys);
    expect(s.resolvedPosts.size).toBe(0);
  });

  it("an unreadable bucket resolves nothing: only its own finding comes and goes", async () => {
    const s = scheduledRuns(fixture());
    const first = await s.run(NOW);
    const slow = await s.run(NOW + RUN, { throttleBucket: true });
    expect(slow.slack).toEqual({ status: "posted" });
    expect(slow.change.raised.map(findingKey)).toEqual(["source-unavailable bucket"]);
    expect(slow.change.resolved).toEqual([]);
    const after = await s.run(NOW + 2 * RUN);
    expect(after.change).toEqual({ raised: [], resolved: [slow.change.raised[0]] });
    expectOnceEach(s, [...first.change.raised.map(findingKey), "source-unavailable bucket"]);
    expect(Object.fromEntries(s.resolvedPosts)).toEqual({ "source-unavailable bucket": 1 });
    expect(first.change.raised.map((f) => f.id)).toContain("stream-stale");
  });

  it("SlowDown reading the delivery state is retried like every S3 read", async () => {
    const s = scheduledRuns(fixture());
    await s.run(NOW);
    s.store.slowDown(3);
    expect((await s.run(NOW + RUN)).slack).toEqual({ status: "unchanged" });
    expect(s.slack.posted).toHaveLength(1);
  });

  it("an unreadable latest.json neither re-announces nor resets the compactor stall timer", async () => {
    const s = scheduledRuns(fixture());
    const first = await s.run(NOW);
    s.store.corrupt("latest");
    const second = await s.run(NOW + RUN);
    expect(second.slack).toEqual({ status: "unchanged" });
    // iterations stay at 120 from NOW: stalled after 3h counted from the first run, not from the corruption.
    s.store.corrupt("latest");
    const later = await s.run(NOW + 4 * HOUR);
    expect(later.change.raised.map(findingKey)).toEqual(["compactor-stalled compactor"]);
    expectOnceEach(s, [...first.change.raised.map(findingKey), "compactor-stalled compactor"]);
  });

  it("a corrupt delivery state holds posting with one finding until it is deleted", async () => {
    const s = scheduledRuns(fixture());
    const first = await s.run(NOW);
    s.store.corrupt("delivered");
    const held = await s.run(NOW + RUN);
    expect(held.slack.status).toBe("held");
    const about = held.report.findings.filter((f) => f.subject === DELIVERY_STATE_SUBJECT);
    expect(about).toHaveLength(1);
    expect(about[0]?.fix).toMatch(/reports\/delivered\.json/);
    expect(held.report.summary.findings.warning).toBe(
      held.report.findings.filter((f) => f.severity === "warning").length,
    );
    s.store.deleteDelivery();
    const after = await s.run(NOW + 2 * RUN);
    expect(after.slack).toEqual({ status: "unchanged" });
    expectOnceEach(s, first.change.raised.map(findingKey));
    expect(s.resolvedPosts.size).toBe(0);
  });

  it("two runs at once post a change once; the other is busy", async () => {
    const s = scheduledRuns(fixture());
    const outcomes = await Promise.all([s.run(NOW), s.run(NOW)]);
    expect(outcomes.map((o) => o.slack.status).sort()).toEqual(["busy", "posted"]);
    expect(s.slack.posted).toHaveLength(1);
    expect((await s.run(NOW + RUN)).slack).toEqual({ status: "unchanged" });
    expectOnceEach(s, outcomes[0].change.raised.map(findingKey));
  });

  it("a run that lost the race with a write does not post, and a claim left by a dead run expires", async () => {
    const s = scheduledRuns(fixture());
    await s.run(NOW);
    const stored = await s.store.readDelivery();
    if (!stored) throw new Error("no delivery state");
    // A run that claimed, then died before posting: its claim holds for 15 minutes.
    await s.store.writeDelivery(
      { ...stored.state, delivered: {}, claim: { until: new Date(NOW + RUN + 60_000).toISOString() } },
      stored.etag,
    );
    expect((await s.run(NOW + RUN)).slack).toEqual({ status: "busy" });
    const expired = await s.run(NOW + RUN + 2 * 60_000);
    expect(expired.slack).toEqual({ status: "posted" });
    expect(s.slack.posted).toHaveLength(2);
    expect(s.store.state?.claim).toBeUndefined();
  });

  it("an unreadable compactor source does not resolve a compactor finding", async () => {
    const s = scheduledRuns(fixture());
    await s.run(NOW);
    const stalled = await s.run(NOW + 4 * HOUR);
    expect(stalled.change.raised.map(findingKey)).toEqual(["compactor-stalled compactor"]);
    const down = await s.run(NOW + 4 * HOUR + RUN, { metricsDown: true });
    expect(down.slack).toEqual({ status: "posted" });
    expect(down.change.raised.map(findingKey)).toContain("source-unavailable metrics");
    expect(down.change.resolved).toEqual([]);
    const back = await s.run(NOW + 5 * HOUR);
    expect(back.change.resolved.map(findingKey)).toEqual(["source-unavailable metrics"]);
    expect(s.announced.get("compactor-stalled compactor")).toBe(1);
    expect([...s.announced.values()].every((n) => n === 1)).toBe(true);
    expect(Object.fromEntries(s.resolvedPosts)).toEqual({ "source-unavailable metrics": 1 });
  });

  it("a cold bucket too big for one run: each run saves its progress, the third completes, each finding once", async () => {
    const f = fixture();
    const metas = [...f.objects.keys()].filter((k) => k.endsWith("/meta.json")).length;
    expect(metas).toBeGreaterThan(8);
    const s = scheduledRuns(f);
    const first = await s.run(NOW, SHORT);
    expect(first.stats.getRequests).toBe(4);
    expect(Object.keys(s.cache.state?.metas ?? {})).toHaveLength(4);
    const stopped = first.report.findings.filter((x) => x.id === "source-unavailable");
    expect(stopped).toMatchObject([{ subject: "bucket", severity: "warning" }]);
    expect(stopped[0]?.evidence).toMatch(/stopped at the run's deadline after 4 of \d+ documents/);
    expect(first.report.compactor.sources.bucket).toBe("unavailable");
    expect(first.change).toEqual({ raised: stopped, resolved: [] });

    const second = await s.run(NOW + RUN, SHORT);
    expect(second.stats.getRequests).toBe(4);
    expect(Object.keys(s.cache.state?.metas ?? {})).toHaveLength(8);
    expect(second.slack).toEqual({ status: "unchanged" });

    const third = await s.run(NOW + 2 * RUN, SHORT);
    expect(third.stats.getRequests).toBe(metas - 8);
    expect(third.report.compactor.sources.bucket).toBe("ok");
    expect(third.view.blocks.size).toBe(metas);
    expect(third.change.resolved).toEqual(stopped);
    const found = third.change.raised.map(findingKey);
    expect(found).toContain('stream-stale {fleetwatch_group="default",prometheus_replica="0"}');

    expect((await s.run(NOW + 3 * RUN, SHORT)).slack).toEqual({ status: "unchanged" });
    expectOnceEach(s, [...found, "source-unavailable bucket"]);
    expect(Object.fromEntries(s.resolvedPosts)).toEqual({ "source-unavailable bucket": 1 });
  });

  it("a deadline after the cache was lost resolves nothing, and the read completes on later runs", async () => {
    const s = scheduledRuns(fixture());
    const first = await s.run(NOW);
    const keys = first.change.raised.map(findingKey);
    expect(keys.length).toBeGreaterThan(0);
    s.cache.state = undefined;
    const stopped = await s.run(NOW + RUN, SHORT);
    expect(stopped.change).toEqual({
      raised: [expect.objectContaining({ subject: "bucket" })],
      resolved: [],
    });
    expect(stopped.slack).toEqual({ status: "posted" });
    expect(Object.keys(s.store.state?.delivered ?? {})).toEqual(expect.arrayContaining(keys));
    await s.run(NOW + 2 * RUN, SHORT);
    const done = await s.run(NOW + 3 * RUN, SHORT);
    expect(done.report.compactor.sources.bucket).toBe("ok");
    expect(done.change).toEqual({ raised: [], resolved: stopped.change.raised });
    expectOnceEach(s, [...keys, "source-unavailable bucket"]);
    expect(Object.fromEntries(s.resolvedPosts)).toEqual({ "source-unavailable bucket": 1 });
  });
});
