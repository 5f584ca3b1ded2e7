import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuditResult, liveBlocks, runAudit } from "@fleetwatch/audit";
import { AWS_RETRY, FileBucket } from "@fleetwatch/audit-aws";
import { defaultConfig } from "@fleetwatch/config";
import { HOUR } from "@fleetwatch/devkit/blocks";
import { createRealBlocks } from "@fleetwatch/devkit/tsdb-blocks";
import {
  auditConfigFromResolved,
  REPLICA_LABELS,
  rulerExternalLabels,
  rulerReplicas,
} from "@fleetwatch/monitoring";
import { compactionGroupKey } from "@fleetwatch/thanos";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactorFlags } from "../../../stacks/monitoring/compactor";
import { queryFlags } from "../../../stacks/monitoring/query";
import { flags } from "./tasks";

// Real TSDB blocks (promtool) of the Prometheus pair and of the Ruler, in the old layout (rule_replica only)
// and the new one (rule_replica + fleetwatch_ruler), read back from a file bucket and grouped with the replica
// labels the stack's compactor is given, as Thanos's compactor groups them (see compactorLabels).

const config = defaultConfig();
const PROMETHEUS = ["a", "b"].map((r) => ({ fleetwatch_group: "default", prometheus_replica: r }));
const OLD_RULER = { rule_replica: "a" };
const RULERS = rulerReplicas(config).map((r) => rulerExternalLabels(r));

/** The `--deduplication.replica-label` values of the stack's compactor. */
const dedupLabels = flags(compactorFlags(config), "deduplication.replica-label");

describe("the compactor's deduplication of the Ruler's blocks", () => {
  let dir: string;
  const now = Date.now();
  const audit = async (layout: string, streams: Record<string, string>[]): Promise<AuditResult> => {
    const bucket = join(dir, layout);
    const start = Math.floor(now / (2 * HOUR)) * 2 * HOUR - 4 * HOUR;
    for (const labels of streams)
      await createRealBlocks(bucket, { labels, start, end: now - 60_000, series: 3 });
    await rm(join(bucket, "data.om"));
    const files = new FileBucket(bucket);
    const auditConfig = { ...auditConfigFromResolved(config), replicaLabels: dedupLabels };
    return runAudit({
      bucket: `file://${layout}`,
      lister: files,
      reader: files,
      config: auditConfig,
      now,
      retry: AWS_RETRY,
    });
  };
  /** Compaction group key -> the external labels of the blocks in it. */
  const groupsOf = (result: AuditResult) => {
    const groups = new Map<string, Set<string>>();
    for (const block of liveBlocks(result.view)) {
      const key = compactionGroupKey(block.meta, dedupLabels);
      const members = groups.get(key) ?? new Set<string>();
      members.add(JSON.stringify(block.meta.thanos.labels));
      groups.set(key, members);
    }
    return groups;
  };
  let old: AuditResult;
  let current: AuditResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-ruler-dedup-"));
    old = await audit("old", [...PROMETHEUS, OLD_RULER]);
    current = await audit("new", [...PROMETHEUS, ...RULERS]);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("uses the one replica label list for the compactor and Query", () => {
    expect(dedupLabels).toEqual([...REPLICA_LABELS]);
    expect(flags(queryFlags(), "query.replica-label")).toEqual([...REPLICA_LABELS]);
  });

  it('groups the old Ruler\'s blocks as prometheus_replica="deduped", and the audit says so', () => {
    const groups = groupsOf(old);
    expect([...groups.keys()].sort()).toEqual([
      '0@{fleetwatch_group="default"}',
      '0@{prometheus_replica="deduped"}',
    ]);
    expect([...(groups.get('0@{prometheus_replica="deduped"}') ?? [])]).toEqual(['{"rule_replica":"a"}']);
    const findings = old.report.findings.filter((f) => f.id === "replica-labels-only");
    expect(findings.map((f) => [f.severity, f.subject])).toEqual([["warning", '{rule_replica="a"}']]);
  });

  it("puts both Ruler replicas in one group of their own, injects nothing, and finds nothing wrong", () => {
    const groups = groupsOf(current);
    expect([...groups.keys()].sort()).toEqual([
      '0@{fleetwatch_group="default"}',
      '0@{fleetwatch_ruler="global"}',
    ]);
    expect([...(groups.get('0@{fleetwatch_ruler="global"}') ?? [])].sort()).toEqual([
      '{"fleetwatch_ruler":"global","rule_replica":"a"}',
      '{"fleetwatch_ruler":"global","rule_replica":"b"}',
    ]);
    expect(liveBlocks(current.view).length).toBeGreaterThanOrEqual(4 * 2);
    expect(current.report.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(current.report.findings.map((f) => f.id)).not.toContain("replica-labels-only");
    expect(
      current.report.streams.filter((s) => s.stream.includes("rule_replica")).map((s) => s.group),
    ).toEqual(['{fleetwatch_ruler="global"}', '{fleetwatch_ruler="global"}']);
  });
});
