import { BucketFixture, HOUR, NOW } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { HEALTHY_METRICS } from "../../support/compactor";

describe("compactor-backlog", () => {
  it.each([
    { name: "no todo", change: {}, previousFailures: 0, evidence: undefined },
    {
      name: "many todo compactions",
      change: { todoCompactions: 25 },
      previousFailures: 0,
      evidence: "thanos_compact_todo_compactions=25 (limit 20)",
    },
    {
      name: "downsample backlog",
      change: { todoDownsampleBlocks: 40 },
      previousFailures: 0,
      evidence: "thanos_compact_todo_downsample_blocks=40 (limit 20)",
    },
    {
      name: "new failures",
      change: { compactionFailures: 3 },
      previousFailures: 1,
      evidence: "2 group compaction failure(s) since the previous audit",
    },
  ])("$name", ({ change, previousFailures, evidence }) => {
    const compactor = {
      metrics: { ok: true as const, value: { ...HEALTHY_METRICS, ...change } },
      previous: { at: NOW - HOUR, iterations: 1, compactionFailures: previousFailures, lastProgressAt: NOW },
    };
    const findings = findingsOf(new BucketFixture(), "compactor-backlog", { compactor });
    expect(findings.map((f) => f.evidence)).toEqual(evidence ? [evidence] : []);
  });

  it.each([
    { gauge: "todoCompactions", value: 19, found: false },
    { gauge: "todoCompactions", value: 20, found: true },
    { gauge: "todoDownsampleBlocks", value: 19, found: false },
    { gauge: "todoDownsampleBlocks", value: 20, found: true },
  ])("$gauge at $value: backlog $found (the limit is inclusive)", ({ gauge, value, found }) => {
    const compactor = { metrics: { ok: true as const, value: { ...HEALTHY_METRICS, [gauge]: value } } };
    expect(findingsOf(new BucketFixture(), "compactor-backlog", { compactor })).toHaveLength(found ? 1 : 0);
  });

  it("joins every reason into one finding", () => {
    const compactor = {
      metrics: {
        ok: true as const,
        value: { ...HEALTHY_METRICS, todoCompactions: 30, todoDownsampleBlocks: 21, compactionFailures: 5 },
      },
      previous: { at: NOW - HOUR, iterations: 1, compactionFailures: 4, lastProgressAt: NOW },
    };
    expect(findingsOf(new BucketFixture(), "compactor-backlog", { compactor })).toEqual([
      {
        id: "compactor-backlog",
        severity: "warning",
        subject: "compactor",
        evidence:
          "thanos_compact_todo_compactions=30 (limit 20); thanos_compact_todo_downsample_blocks=21 (limit 20); 1 group compaction failure(s) since the previous audit",
        fix: "give the compactor more CPU/memory/disk or raise --compact.concurrency; read its logs for failing groups",
      },
    ]);
  });
});
