import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { checkRollouts } from "@fleetwatch/audit";
import { EcsRolloutReader } from "@fleetwatch/audit-aws";
import { ECS_ROLLOUT_CALLS } from "@fleetwatch/audit-aws/calls";
import { beforeEach, describe, expect, it } from "vitest";

const ecs = mockClient(ECSClient);
const reader = () => new EcsRolloutReader(new ECSClient({ region: "us-east-1" }), "fleet");
const NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/fleet-Grafana:7";
const OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/fleet-Grafana:6";

describe("EcsRolloutReader", () => {
  beforeEach(() => ecs.reset());

  it("reads the deployments of every service, ten per DescribeServices, leaving out those ECS does not return", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `S${i}`);
    ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
      services: input.services
        .filter((s) => s !== "S11")
        .map((s) => ({
          serviceName: s,
          deployments: [
            { status: "PRIMARY", taskDefinition: `${s}:2`, rolloutState: "IN_PROGRESS" },
            {
              status: "ACTIVE",
              taskDefinition: `${s}:1`,
              rolloutState: "FAILED",
              rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
            },
          ],
        })),
      failures: [{ arn: "S11", reason: "MISSING" }],
    }));
    const found = await reader().deployments(names);
    expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 2);
    expect(ecs).toHaveReceivedNthCommandWith(DescribeServicesCommand, 1, {
      cluster: "fleet",
      services: names.slice(0, 10),
    });
    expect(ecs).toHaveReceivedNthCommandWith(DescribeServicesCommand, 2, {
      cluster: "fleet",
      services: ["S10", "S11"],
    });
    expect(found.has("S11")).toBe(false);
    expect(found.get("S0")).toEqual([
      { status: "PRIMARY", taskDefinition: "S0:2", rolloutState: "IN_PROGRESS" },
      {
        status: "ACTIVE",
        taskDefinition: "S0:1",
        rolloutState: "FAILED",
        rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
      },
    ]);
  });

  it("reads the service's stopped tasks with their revisions and the reasons of their failed containers", async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:t1"] });
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: "arn:t1",
          taskDefinitionArn: NEW,
          stoppedAt: new Date(2000),
          stoppedReason: "Essential container in task exited",
          containers: [
            { name: "config-init", exitCode: 0 },
            { name: "grafana", exitCode: 1 },
            { name: "sidecar", reason: "CannotPullContainerError: pull access denied" },
          ],
        },
      ],
    });
    expect(await reader().stoppedTasks("Grafana")).toEqual([
      {
        taskDefinition: NEW,
        stoppedAt: 2000,
        reason:
          "Essential container in task exited, grafana: exit code 1, sidecar: CannotPullContainerError: pull access denied",
      },
    ]);
    expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, {
      cluster: "fleet",
      serviceName: "Grafana",
      desiredStatus: "STOPPED",
    });
  });

  it("describes no task when none stopped", async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    expect(await reader().stoppedTasks("Grafana")).toEqual([]);
    expect(ecs).not.toHaveReceivedCommand(DescribeTasksCommand);
  });

  it("lets a failing call fail the check (a deploy it cannot read is not a success)", async () => {
    ecs
      .on(DescribeServicesCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await expect(reader().deployments(["Grafana"])).rejects.toThrow("denied");
  });

  it("gives checkRollouts what it needs to fail a rolled-back service with its stopped task's reason", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "Grafana",
          deployments: [{ status: "PRIMARY", taskDefinition: OLD, rolloutState: "COMPLETED" }],
        },
      ],
    });
    ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:t1"] });
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        { taskDefinitionArn: NEW, stoppedAt: new Date(1), stoppedReason: "Task failed ELB health checks" },
      ],
    });
    const verdicts = await checkRollouts(reader(), [{ service: "Grafana", taskDefinition: NEW }], {
      now: () => 0,
      sleep: async () => undefined,
      deadline: 60_000,
      intervalMs: 15_000,
    });
    expect(verdicts).toEqual([
      {
        service: "Grafana",
        state: "rolled-back",
        reason:
          "rolled back to fleet-Grafana:6 instead of running fleet-Grafana:7; last stopped task: Task failed ELB health checks",
      },
    ]);
  });

  it("sends only the commands of its call list", async () => {
    ecs.onAnyCommand().resolves({ services: [], taskArns: ["arn:t1"], tasks: [] });
    await reader().deployments(["Grafana"]);
    await reader().stoppedTasks("Grafana");
    const sent = new Set(ecs.calls().map((c) => (c.args[0] as object).constructor.name));
    expect([...sent].sort()).toEqual(["DescribeServicesCommand", "DescribeTasksCommand", "ListTasksCommand"]);
    expect(ECS_ROLLOUT_CALLS.map((c) => c.sdkCommand).sort()).toEqual([...sent].sort());
  });
});
