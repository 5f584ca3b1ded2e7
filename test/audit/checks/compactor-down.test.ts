import { BucketFixture, NOW } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
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

  const readFix =
    "read the stopped tasks' reasons and the compactor's logs (out of memory or disk, bad objstore config?)";

  it.each([
    {
      name: "no task running: read the reasons",
      state: { ...HEALTHY_ECS, running: 0, stoppedTasks: [oom] },
      evidence:
        "ECS service ACTIVE: 0 running of 1 desired; recently stopped: OutOfMemoryError: Container killed",
      fix: readFix,
    },
    {
      name: "scaled to zero: scale it up",
      state: { ...HEALTHY_ECS, desired: 0, running: 0 },
      evidence: "ECS service ACTIVE: 0 running of 0 desired",
      fix: "the service is scaled to zero: set its desired count to 1",
    },
  ])("$name", ({ state, evidence, fix }) => {
    const findings = findingsOf(new BucketFixture(), "compactor-down", {
      compactor: { ecs: { ok: true, value: state } },
    });
    expect(findings).toEqual([
      { id: "compactor-down", severity: "critical", subject: "compactor", evidence, fix },
    ]);
  });

  it("names the first two distinct reasons of the stopped tasks", () => {
    const reasons = [
      "OutOfMemoryError",
      "OutOfMemoryError",
      "Essential container exited",
      "Task stopped by user",
    ];
    const stoppedTasks = reasons.map((reason, i) => ({ ...oom, taskArn: `${oom.taskArn}${i}`, reason }));
    const findings = findingsOf(new BucketFixture(), "compactor-down", {
      compactor: { ecs: { ok: true, value: { ...HEALTHY_ECS, running: 0, stoppedTasks } } },
    });
    expect(findings.map((f) => f.evidence)).toEqual([
      "ECS service ACTIVE: 0 running of 1 desired; recently stopped: OutOfMemoryError; Essential container exited",
    ]);
  });
});
