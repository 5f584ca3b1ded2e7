import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, NOW } from "../../support/blocks";
import { HEALTHY_ECS } from "../../support/compactor";

const oom = {
  taskArn: "arn:aws:ecs:us-east-1:1:task/c/1",
  stoppedAt: NOW,
  reason: "OutOfMemoryError: Container killed",
  exitCode: 137,
};

describe("compactor-down", () => {
  it.each([
    { name: "running as desired", state: HEALTHY_ECS, evidence: undefined },
    {
      name: "no task running",
      state: { ...HEALTHY_ECS, running: 0, stoppedTasks: [oom] },
      evidence:
        "ECS service ACTIVE: 0 running of 1 desired; recently stopped: OutOfMemoryError: Container killed",
    },
    {
      name: "scaled to zero",
      state: { ...HEALTHY_ECS, desired: 0, running: 0 },
      evidence: "ECS service ACTIVE: 0 running of 0 desired",
    },
    {
      name: "draining",
      state: { ...HEALTHY_ECS, status: "DRAINING" },
      evidence: "ECS service DRAINING: 1 running of 1 desired",
    },
  ])("$name", ({ state, evidence }) => {
    const findings = findingsOf(new BucketFixture(), "compactor-down", {
      compactor: { ecs: { ok: true, value: state } },
    });
    expect(findings.map((f) => f.evidence)).toEqual(evidence ? [evidence] : []);
  });
});
