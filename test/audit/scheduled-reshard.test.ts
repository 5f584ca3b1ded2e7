import { DEFAULT_AUDIT_CONFIG } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { scheduledRuns } from "../support/scheduled";

// A group goes from one shard to two between two audit runs (a deploy): the old stream stops, the new streams
// need a few hours for their first upload. Neither is a false alarm; a new stream that never comes is.
const LAYOUT = ["fleetwatch_group", "fleetwatch_shard", "fleetwatch_ruler"];
const OLD = { fleetwatch_group: "web", prometheus_replica: "a" };
const NEW = [0, 1].map((shard) => ({
  fleetwatch_group: "web",
  fleetwatch_shard: String(shard),
  prometheus_replica: "a",
}));
const BEFORE = { ...DEFAULT_AUDIT_CONFIG, expectedStreams: [OLD], layoutLabels: LAYOUT };
const AFTER = { ...DEFAULT_AUDIT_CONFIG, expectedStreams: NEW, layoutLabels: LAYOUT };
const RETIRED = 'stream-retired {fleetwatch_group="web",prometheus_replica="a"}';

function serious(outcome: { change: { raised: { id: string; severity: string }[] } }) {
  return outcome.change.raised.filter((f) => f.severity !== "info").map((f) => f.id);
}

describe("a reshard between scheduled audits", () => {
  it("announces the retired stream once, waits for the new ones, and never posts a stale or missing stream", async () => {
    const fixture = new BucketFixture();
    const old = rawBlocks(fixture, OLD, NOW - 20 * HOUR, NOW);
    const s = scheduledRuns(fixture);
    expect(serious(await s.run(NOW, { config: BEFORE }))).toEqual([]);

    const reshard = await s.run(NOW + HOUR, { config: AFTER });
    expect(reshard.slack).toEqual({ status: "posted" });
    expect(reshard.change.raised.map((f) => `${f.id} ${f.subject}`)).toEqual([RETIRED]);
    for (const labels of NEW) rawBlocks(fixture, labels, NOW, NOW + 4 * HOUR);
    for (const at of [3, 8, 30].map((h) => NOW + h * HOUR)) {
      const run = await s.run(at, { config: AFTER });
      expect(serious(run), `at +${(at - NOW) / HOUR}h`).not.toContain("stream-missing");
      expect(run.report.findings.filter((f) => f.id === "stream-stale").map((f) => f.subject)).not.toContain(
        '{fleetwatch_group="web",prometheus_replica="a"}',
      );
    }
    expect(s.announced.get(RETIRED)).toBe(1);

    // Retention deletes the old stream: no "resolved" post about it, and it leaves the delivered set.
    for (const ulid of old)
      for (const key of [...fixture.objects.keys()].filter((k) => k.startsWith(`${ulid}/`))) {
        fixture.objects.delete(key);
        fixture.bodies.delete(key);
      }
    await s.run(NOW + 31 * HOUR, { config: AFTER });
    expect(s.resolvedPosts.get(RETIRED)).toBeUndefined();
    expect(Object.keys(s.store.state?.delivered ?? {})).not.toContain(RETIRED);
  });

  it("reports a new stream that never uploads: a warning past the warning threshold, then critical", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, OLD, NOW - 20 * HOUR, NOW);
    rawBlocks(fixture, NEW[0] as Record<string, string>, NOW, NOW + 8 * HOUR);
    const s = scheduledRuns(fixture);
    await s.run(NOW, { config: BEFORE });
    await s.run(NOW + HOUR, { config: AFTER });
    const missing = (at: number) =>
      s
        .run(at, { config: AFTER })
        .then((run) =>
          run.report.findings.filter((f) => f.id === "stream-missing").map((f) => [f.subject, f.severity]),
        );
    const shard1 = '{fleetwatch_group="web",fleetwatch_shard="1",prometheus_replica="a"}';
    expect(await missing(NOW + 5 * HOUR)).toEqual([]);
    expect(await missing(NOW + 6 * HOUR)).toEqual([[shard1, "warning"]]);
    expect(await missing(NOW + 8 * HOUR)).toEqual([[shard1, "critical"]]);
    expect(s.store.state?.expected).toEqual({
      '{fleetwatch_group="web",fleetwatch_shard="0",prometheus_replica="a"}': new Date(
        NOW + HOUR,
      ).toISOString(),
      [shard1]: new Date(NOW + HOUR).toISOString(),
    });
  });
});
