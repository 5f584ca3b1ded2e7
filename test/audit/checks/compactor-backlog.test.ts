import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW } from "../../support/blocks";
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
});
