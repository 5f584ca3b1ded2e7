import { FakeClock } from "@fleetwatch/devkit/fakes/clock";
import { FakeEcsRollouts } from "@fleetwatch/devkit/fakes/ecs-rollouts";
import { describe, expect, it } from "vitest";
import { RolloutFailedError } from "../../packages/audit/src/errors.js";
import {
  assertRolledOut,
  checkRollouts,
  type Deployment,
  type RolloutWait,
  rolloutVerdict,
} from "../../packages/audit/src/rollout.js";

const TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/fleetwatch-production-Grafana";
const OLD = `${TD}:6`;
const NEW = `${TD}:7`;
const expected = { service: "Grafana", taskDefinition: NEW };
const breaker = "ECS deployment circuit breaker: tasks failed to start.";
const unhealthy = "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:...)";

const primary = (taskDefinition: string, rolloutState: Deployment["rolloutState"]): Deployment => ({
  status: "PRIMARY",
  taskDefinition,
  ...(rolloutState ? { rolloutState } : {}),
});

describe("rolloutVerdict", () => {
  it.each<{ name: string; deployments: Deployment[] | undefined; state: string }>([
    { name: "the new revision completed", deployments: [primary(NEW, "COMPLETED")], state: "completed" },
    {
      name: "the new revision still rolling out beside the old one",
      deployments: [
        primary(NEW, "IN_PROGRESS"),
        { status: "ACTIVE", taskDefinition: OLD, rolloutState: "COMPLETED" },
      ],
      state: "in-progress",
    },
    {
      name: "rolled back: the old revision primary again, the failed one draining",
      deployments: [
        primary(OLD, "IN_PROGRESS"),
        { status: "ACTIVE", taskDefinition: NEW, rolloutState: "FAILED", rolloutStateReason: breaker },
      ],
      state: "rolled-back",
    },
    {
      name: "rolled back and drained: stable, on the old revision",
      deployments: [primary(OLD, "COMPLETED")],
      state: "rolled-back",
    },
    {
      name: "failed without rollback",
      deployments: [{ ...primary(NEW, "FAILED"), rolloutStateReason: breaker }],
      state: "failed",
    },
    { name: "a service ECS does not return", deployments: undefined, state: "missing" },
    {
      name: "no primary deployment",
      deployments: [{ status: "ACTIVE", taskDefinition: NEW }],
      state: "missing",
    },
    {
      name: "no circuit breaker state, the new revision primary",
      deployments: [primary(NEW, undefined)],
      state: "completed",
    },
  ])("says $state for $name", ({ deployments, state }) => {
    expect(rolloutVerdict(expected, deployments, []).state).toBe(state);
  });

  it("names the revisions, the circuit breaker's reason and the newest stopped task of the new revision", () => {
    const verdict = rolloutVerdict(
      expected,
      [
        primary(OLD, "COMPLETED"),
        { status: "ACTIVE", taskDefinition: NEW, rolloutState: "FAILED", rolloutStateReason: breaker },
      ],
      [
        { taskDefinition: NEW, stoppedAt: 1_000, reason: "older stop" },
        { taskDefinition: OLD, stoppedAt: 3_000, reason: "the old revision's scale-in" },
        { taskDefinition: NEW, stoppedAt: 2_000, reason: unhealthy },
      ],
    );
    expect(verdict).toEqual({
      service: "Grafana",
      state: "rolled-back",
      reason: `rolled back to fleetwatch-production-Grafana:6 instead of running fleetwatch-production-Grafana:7; ${breaker}; last stopped task: ${unhealthy}`,
    });
  });

  it("says when ECS no longer lists a stopped task", () => {
    const verdict = rolloutVerdict(expected, [primary(OLD, "COMPLETED")], []);
    expect("reason" in verdict && verdict.reason).toContain("last stopped task: none listed");
  });
});

describe("checkRollouts", () => {
  const wait = (clock: FakeClock, seconds: number): RolloutWait => ({
    now: () => clock.millis,
    sleep: async (ms) => clock.advance(ms),
    deadline: clock.millis + seconds * 1000,
    intervalMs: 15_000,
  });

  it("waits for a rollout in progress until it completes, reading nothing else", async () => {
    const clock = new FakeClock();
    const ecs = new FakeEcsRollouts()
      .script(
        "Grafana",
        [primary(NEW, "IN_PROGRESS")],
        [primary(NEW, "IN_PROGRESS")],
        [primary(NEW, "COMPLETED")],
      )
      .script("Alertmanager", [primary("am:3", "COMPLETED")]);
    const verdicts = await checkRollouts(
      ecs,
      [expected, { service: "Alertmanager", taskDefinition: "am:3" }],
      wait(clock, 240),
    );
    expect(verdicts.map((v) => v.state)).toEqual(["completed", "completed"]);
    expect(ecs.reads).toHaveLength(3);
    expect(ecs.stoppedReads).toEqual([]);
    expect(() => assertRolledOut(verdicts)).not.toThrow();
  });

  it("fails the deploy for a rollback seen while waiting, with the service and its stopped task's reason, and passes the others", async () => {
    const clock = new FakeClock();
    const ecs = new FakeEcsRollouts()
      .script(
        "Grafana",
        [primary(NEW, "IN_PROGRESS")],
        [
          primary(OLD, "IN_PROGRESS"),
          { status: "ACTIVE", taskDefinition: NEW, rolloutState: "FAILED", rolloutStateReason: breaker },
        ],
      )
      .stop("Grafana", { taskDefinition: NEW, stoppedAt: 5, reason: unhealthy })
      .script("ThanosQuery", [primary("q:2", "COMPLETED")]);
    const verdicts = await checkRollouts(
      ecs,
      [expected, { service: "ThanosQuery", taskDefinition: "q:2" }],
      wait(clock, 240),
    );
    expect(ecs.stoppedReads).toEqual(["Grafana"]);
    expect(verdicts[1]).toEqual({ service: "ThanosQuery", state: "completed" });
    let thrown: unknown;
    try {
      assertRolledOut(verdicts);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RolloutFailedError);
    const error = thrown as RolloutFailedError;
    expect(error.services.map((s) => s.service)).toEqual(["Grafana"]);
    expect(error.message).toContain("Grafana: rolled back to fleetwatch-production-Grafana:6");
    expect(error.message).toContain(unhealthy);
    expect(error.message).not.toContain("ThanosQuery");
  });

  it("gives up at the deadline and fails a service still rolling out", async () => {
    const clock = new FakeClock();
    const ecs = new FakeEcsRollouts().script("Grafana", [primary(NEW, "IN_PROGRESS")]);
    const verdicts = await checkRollouts(ecs, [expected], wait(clock, 60));
    expect(verdicts).toEqual([{ service: "Grafana", state: "in-progress" }]);
    expect(clock.millis - new FakeClock().millis).toBeLessThan(60_000);
    expect(() => assertRolledOut(verdicts)).toThrow("Grafana: still rolling out when the check gave up");
  });

  it("fails a service ECS does not return, without stopping at it", async () => {
    const ecs = new FakeEcsRollouts().script("ThanosQuery", [primary("q:2", "COMPLETED")]);
    const verdicts = await checkRollouts(
      ecs,
      [expected, { service: "ThanosQuery", taskDefinition: "q:2" }],
      wait(new FakeClock(), 60),
    );
    expect(verdicts.map((v) => v.state)).toEqual(["missing", "completed"]);
  });
});
