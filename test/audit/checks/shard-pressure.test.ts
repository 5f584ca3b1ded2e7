import type { ShardUsageByService, WatchedReplica } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { shardPressure } from "../../../packages/audit/src/checks/shard-pressure.js";
import { findingsOf, reportOf, runCheck } from "../../support/audit";
import { scheduledRuns } from "../../support/scheduled";

const GIB = 1024 ** 3;

const replica = (service: string, shard: number, memoryBytes = 1000): WatchedReplica => ({
  service,
  group: "web",
  shard,
  shards: 2,
  replica: "a",
  memoryBytes,
});
const WATCHED = [replica("PrometheusWebS0A", 0), replica("PrometheusWebS1A", 1)];
const config = { prometheus: WATCHED };
const ok = (value: ShardUsageByService) => ({ ok: true as const, value });

describe("shard-pressure", () => {
  it.each([
    { resident: 799, severity: undefined },
    { resident: 800, severity: "warning" },
    { resident: 949, severity: "warning" },
    { resident: 950, severity: "critical" },
    { resident: 1000, severity: "critical" },
  ])("$resident of 1000 bytes: $severity (both limits inclusive)", ({ resident, severity }) => {
    const shards = ok({ PrometheusWebS1A: { residentBytes: resident, headSeries: 10 } });
    const findings = findingsOf(new BucketFixture(), "shard-pressure", { config, shards });
    expect(findings.map((f) => [f.subject, f.severity])).toEqual(
      severity ? [["PrometheusWebS1A", severity]] : [],
    );
  });

  it("names the group, shard, series and memory, and a concrete fix", () => {
    const watched = [{ ...replica("PrometheusWebS1A", 1, 4 * GIB), replica: "b" }];
    const shards = ok({ PrometheusWebS1A: { residentBytes: 3.5 * GIB, headSeries: 1_234_567 } });
    const [finding] = findingsOf(new BucketFixture(), "shard-pressure", {
      config: { prometheus: watched },
      shards,
    });
    expect(finding).toEqual({
      id: "shard-pressure",
      severity: "warning",
      subject: "PrometheusWebS1A",
      evidence: 'scrape group "web" shard 1 replica b: 3.5 GB resident of 4 GB (87%), 1.2M head series',
      fix: 'add a shard (scrapeGroups[].shards of group "web": 2 to 3) or raise tasks.prometheus.memory to "5 GB" (a Fargate size its CPU allows)',
    });
  });

  it("judges only the watched replicas Thanos has a resident memory of", () => {
    const shards = ok({
      PrometheusWebS0A: { headSeries: 5 },
      PrometheusOtherA: { residentBytes: 990, headSeries: 5 },
    });
    expect(runCheck(shardPressure, new BucketFixture(), { config, shards })).toEqual([]);
  });

  it("says nothing without evidence, and an unreadable Thanos is source-unavailable's", () => {
    const shards = { ok: false as const, error: "GET http://q:10902 up: HTTP 500" };
    expect(runCheck(shardPressure, new BucketFixture(), { config })).toEqual([]);
    expect(runCheck(shardPressure, new BucketFixture(), { config, shards })).toEqual([]);
    const report = reportOf(new BucketFixture(), { config, shards });
    expect(report.findings.filter((f) => f.subject === "shard metrics")).toEqual([
      expect.objectContaining({ id: "source-unavailable", severity: "warning" }),
    ]);
    expect(report.shards).toEqual({ source: "unavailable", replicas: 2, measured: 0 });
  });

  it("keeps a delivered pressure while Thanos is unreadable and resolves it once Thanos answers again", async () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    const s = scheduledRuns(fixture, config);
    const high = await s.run(NOW, { shards: ok({ PrometheusWebS0A: { residentBytes: 960 } }) });
    expect(high.change.raised.map((f) => [f.id, f.subject])).toContainEqual([
      "shard-pressure",
      "PrometheusWebS0A",
    ]);
    const down = await s.run(NOW + HOUR / 2, { shards: { ok: false, error: "HTTP 500" } });
    expect(down.change.resolved).toEqual([]);
    expect(s.store.state?.delivered["shard-pressure PrometheusWebS0A"]).toBeDefined();
    const back = await s.run(NOW + HOUR, { shards: ok({ PrometheusWebS0A: { residentBytes: 500 } }) });
    expect(back.change.resolved.map((f) => [f.id, f.subject])).toEqual(
      expect.arrayContaining([
        ["shard-pressure", "PrometheusWebS0A"],
        ["source-unavailable", "shard metrics"],
      ]),
    );
    expect(back.report.shards?.highest).toMatchObject({ service: "PrometheusWebS0A", ratio: 0.5 });
    expect(s.store.state?.delivered["shard-pressure PrometheusWebS0A"]).toBeUndefined();
  });
});
