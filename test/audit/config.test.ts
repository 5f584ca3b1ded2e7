import { auditConfigFromResolved } from "@fleetwatch/audit";
import { resolveConfig } from "@fleetwatch/config";
import { BucketFixture, HOUR, NOW, rawBlocks } from "@fleetwatch/devkit/blocks";
import { REPLICA_LABELS } from "@fleetwatch/monitoring";
import { DEFAULT_REPLICA_LABELS } from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";
import { reportOf } from "../support/audit";

describe("auditConfigFromResolved", () => {
  const config = auditConfigFromResolved(
    resolveConfig(
      { scrapeGroups: [{ name: "web" }, { name: "db", replicas: 1 }], ruler: { replicas: 3 } },
      "dev",
    ),
  );

  it("expects a stream of every Prometheus replica and of every Ruler replica", () => {
    expect(config.expectedStreams).toEqual([
      { fleetwatch_group: "web", prometheus_replica: "a" },
      { fleetwatch_group: "web", prometheus_replica: "b" },
      { fleetwatch_group: "db", prometheus_replica: "a" },
      { fleetwatch_ruler: "global", rule_replica: "a" },
      { fleetwatch_ruler: "global", rule_replica: "b" },
      { fleetwatch_ruler: "global", rule_replica: "c" },
    ]);
  });

  it("deduplicates on the stack's replica labels, in the compactor's order, which are Thanos's defaults", () => {
    expect(config.replicaLabels).toEqual([...REPLICA_LABELS]);
    expect([...DEFAULT_REPLICA_LABELS]).toEqual([...REPLICA_LABELS]);
  });

  it("finds nothing wrong in a bucket where every expected stream uploads, and groups the Rulers as one", () => {
    const fixture = new BucketFixture();
    for (const labels of config.expectedStreams) rawBlocks(fixture, labels, NOW - 6 * HOUR, NOW - 2 * HOUR);
    const report = reportOf(fixture, { config });
    expect(report.findings).toEqual([]);
    const groups = new Set(
      report.streams.filter((s) => s.stream.includes("rule_replica")).map((s) => s.group),
    );
    expect([...groups]).toEqual(['{fleetwatch_ruler="global"}']);
  });

  it("reports the Ruler replica that uploads nothing", () => {
    const fixture = new BucketFixture();
    for (const labels of config.expectedStreams.filter((s) => s.rule_replica !== "b")) {
      rawBlocks(fixture, labels, NOW - 6 * HOUR, NOW - 2 * HOUR);
    }
    expect(reportOf(fixture, { config }).findings.map((f) => [f.id, f.subject])).toEqual([
      ["stream-missing", '{fleetwatch_ruler="global",rule_replica="b"}'],
    ]);
  });
});
