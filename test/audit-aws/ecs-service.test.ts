import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { readEcsService } from "@fleetwatch/audit-aws";
import { beforeEach, describe, expect, it } from "vitest";

const ecs = mockClient(ECSClient);
const client = () => new ECSClient({ region: "us-east-1" });

describe("readEcsService", () => {
  beforeEach(() => ecs.reset());

  it("reads desired/running and the reasons of recently stopped tasks, newest first", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ status: "ACTIVE", desiredCount: 1, runningCount: 0, pendingCount: 1 }] });
    ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:t1", "arn:t2"] });
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: "arn:t1",
          stoppedAt: new Date(1000),
          stoppedReason: "Essential container in task exited",
          containers: [{ exitCode: 1 }],
        },
        {
          taskArn: "arn:t2",
          stoppedAt: new Date(2000),
          stopCode: "TaskFailedToStart",
          containers: [{ exitCode: 0 }],
        },
      ],
    });
    expect(await readEcsService(client(), "fleet", "ThanosCompactor")).toEqual({
      ok: true,
      value: {
        status: "ACTIVE",
        desired: 1,
        running: 0,
        pending: 1,
        stoppedTasks: [
          { taskArn: "arn:t2", stoppedAt: 2000, reason: "TaskFailedToStart" },
          { taskArn: "arn:t1", stoppedAt: 1000, reason: "Essential container in task exited", exitCode: 1 },
        ],
      },
    });
    expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, {
      cluster: "fleet",
      serviceName: "ThanosCompactor",
      desiredStatus: "STOPPED",
      maxResults: 10,
    });
  });

  it("skips DescribeTasks when nothing stopped", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ status: "ACTIVE", desiredCount: 1, runningCount: 1, pendingCount: 0 }] });
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    const result = await readEcsService(client(), "fleet", "svc");
    expect(result).toMatchObject({ ok: true, value: { stoppedTasks: [] } });
    expect(ecs).not.toHaveReceivedCommand(DescribeTasksCommand);
  });

  it.each([
    [
      "a missing service",
      () => ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] }),
      "describe ECS service svc in fleet: MISSING",
    ],
    [
      "a denied call",
      () =>
        ecs
          .on(DescribeServicesCommand)
          .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" })),
      "describe ECS service svc in fleet: AccessDeniedException: not authorized",
    ],
  ])("reports %s as unavailable", async (_name, arrange, error) => {
    arrange();
    expect(await readEcsService(client(), "fleet", "svc")).toEqual({ ok: false, error });
  });
});
