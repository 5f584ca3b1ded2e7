import { DEFAULT_AUDIT_CONFIG } from "@fleetwatch/audit";
import { resolveConfig } from "@fleetwatch/config";
import { BucketFixture, HOUR, NOW, rawBlocks } from "@fleetwatch/devkit/blocks";
import {
  auditConfigFromResolved,
  auditConfigSchema,
  COMPACTOR_DELAYS,
  REPLICA_LABELS,
  renderAuditConfig,
} from "@fleetwatch/monitoring";
import { DEFAULT_REPLICA_LABELS } from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";
import { reportOf } from "../support/audit";

const HOURS = 3_600_000;
const MINUTES = 60_000;
const DAYS = 24 * HOURS;

describe("auditConfigFromResolved", () => {
  const resolved = resolveConfig(
    {
      scrapeGroups: [{ name: "web" }, { name: "db", replicas: 1 }],
      ruler: { replicas: 3 },
      freshness: { warning: "2h", critical: "3h" },
      thanos: { retention: { raw: "7d" }, downsampling: false },
    },
    "dev",
  );
  const config = auditConfigFromResolved(resolved);

  it("carries the stage's freshness, retention and downsampling, and the compactor's delays", () => {
    expect(config).toMatchObject({
      staleWarningMs: 2 * HOURS,
      staleCriticalMs: 3 * HOURS,
      downsampling: false,
      deleteDelayMs: 48 * HOURS,
      consistencyDelayMs: 30 * MINUTES,
    });
    expect(config.retentionMs.raw).toBe(7 * DAYS);
    expect(renderAuditConfig(resolved)).toMatchObject(COMPACTOR_DELAYS);
  });

  it("survives the trip through JSON that the Lambda environment makes", () => {
    expect(auditConfigSchema.parse(JSON.parse(JSON.stringify(renderAuditConfig(resolved))))).toEqual(config);
  });

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

  it("watches every Prometheus replica of every shard with its task's memory", () => {
    const sharded = resolveConfig(
      {
        scrapeGroups: [{ name: "web", shards: 2, replicas: 1 }],
        tasks: { prometheus: { cpu: "2 vCPU", memory: "8 GB" } },
      },
      "dev",
    );
    expect(auditConfigFromResolved(sharded).prometheus).toEqual([
      {
        service: "PrometheusWebS0A",
        group: "web",
        shard: 0,
        shards: 2,
        replica: "a",
        memoryBytes: 8 * 2 ** 30,
      },
      {
        service: "PrometheusWebS1A",
        group: "web",
        shard: 1,
        shards: 2,
        replica: "a",
        memoryBytes: 8 * 2 ** 30,
      },
    ]);
    expect(config.prometheus.map((r) => [r.service, r.memoryBytes])).toEqual([
      ["PrometheusWebA", 4 * 2 ** 30],
      ["PrometheusWebB", 4 * 2 ** 30],
      ["PrometheusDbA", 4 * 2 ** 30],
    ]);
    expect(config.pressure).toEqual({ warning: 0.8, critical: 0.95 });
  });

  it("writes the watched replicas per group, so 16 shards cost the Lambdas' 4 KB environment a few bytes", () => {
    const big = resolveConfig(
      {
        scrapeGroups: [{ name: "web", shards: 16, replicas: 2 }],
        tasks: { prometheus: { cpu: "2 vCPU", memory: "8 GB" } },
      },
      "dev",
    );
    const rendered = renderAuditConfig(big);
    expect(rendered.prometheus).toEqual({
      memory: "8 GB",
      groups: [{ name: "web", shards: 16, replicas: 2 }],
    });
    expect(auditConfigFromResolved(big).prometheus).toHaveLength(32);
    expect(auditConfigFromResolved(big).prometheus.at(-1)).toMatchObject({
      service: "PrometheusWebS15B",
      shard: 15,
    });
    // The 32 expected streams are expanded from the group too, not written one by one.
    expect(auditConfigFromResolved(big).expectedStreams).toHaveLength(34);
    expect(auditConfigFromResolved(big).expectedStreams[31]).toEqual({
      fleetwatch_group: "web",
      fleetwatch_shard: "15",
      prometheus_replica: "b",
    });
    const eight = resolveConfig(
      {
        scrapeGroups: Array.from({ length: 8 }, (_, i) => ({ name: `group-${i}`, shards: 16, replicas: 4 })),
      },
      "dev",
    );
    expect(JSON.stringify(renderAuditConfig(eight)).length).toBeLessThan(1_500);
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

describe("auditConfigSchema", () => {
  it("fills what the serialised config leaves out from DEFAULT_AUDIT_CONFIG", () => {
    expect(auditConfigSchema.parse({})).toEqual(DEFAULT_AUDIT_CONFIG);
    expect(auditConfigSchema.parse({ consistencyDelay: "1h", deleteDelay: "0s" })).toEqual({
      ...DEFAULT_AUDIT_CONFIG,
      consistencyDelayMs: HOURS,
      deleteDelayMs: 0,
    });
    expect(auditConfigSchema.parse({ pressure: { warning: 0.7 } }).pressure).toEqual({
      warning: 0.7,
      critical: 0.95,
    });
  });

  it.each([
    [{ staleWarningMs: 1 }, 'Unrecognized key: "staleWarningMs"'],
    [{ deleteDelay: "2 days" }, "deleteDelay"],
    [{ retention: { raw: 30 } }, "retention.raw"],
    [{ freshness: { warning: "6h", critical: "4h" } }, "freshness.critical: must be above freshness.warning"],
    [{ pressure: { warning: 0.9, critical: 0.85 } }, "pressure.critical: must be above pressure.warning"],
    [{ pressure: { critical: 95 } }, "pressure.critical: must be at most 1"],
    [{ prometheus: { memory: "4GB", groups: [] } }, 'prometheus.memory: must be a size like "4 GB"'],
    [
      { prometheus: { memory: "4 GB", groups: [{ name: "web", shards: 17, replicas: 2 }] } },
      "prometheus.groups.0.shards",
    ],
  ])("rejects %j, naming where", (input, message) => {
    const result = auditConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    expect(issues).toContain(message);
  });
});
