import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import { ROLLOUT_CLUSTER_ENV, RolloutFailedError } from "@fleetwatch/audit";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const ecs = mockClient(ECSClient);
const context = {
  functionName: "test",
  awsRequestId: "req-1",
  // The margin leaves no time to wait: a rollout in progress fails at once.
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
const TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/fleetwatch-dev-";
const event = {
  services: [
    { service: "Grafana", taskDefinition: `${TD}Grafana:7` },
    { service: "ThanosQuery", taskDefinition: `${TD}ThanosQuery:3` },
  ],
};

function describeServices(grafana: string) {
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: "Grafana",
        deployments: [{ status: "PRIMARY", taskDefinition: grafana, rolloutState: "COMPLETED" }],
      },
      {
        serviceName: "ThanosQuery",
        deployments: [{ status: "PRIMARY", taskDefinition: `${TD}ThanosQuery:3`, rolloutState: "COMPLETED" }],
      },
    ],
  });
}

describe("functions/monitoring/rollout-check", () => {
  beforeAll(() => {
    process.env[ROLLOUT_CLUSTER_ENV] = "fleetwatch-dev-cluster";
  });
  afterAll(() => {
    delete process.env[ROLLOUT_CLUSTER_ENV];
    ecs.restore();
  });
  beforeEach(() => ecs.reset());

  it("fails the deploy's invocation for a rolled-back service, naming it and why its task stopped", async () => {
    const { handler } = await import("../../../functions/monitoring/rollout-check");
    describeServices(`${TD}Grafana:6`);
    ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:t1"] });
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskDefinitionArn: `${TD}Grafana:7`,
          stoppedAt: new Date(1),
          stoppedReason: "Task failed ELB health checks",
        },
      ],
    });
    const failure = await handler(event, context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RolloutFailedError);
    expect((failure as Error).message).toContain(
      "Grafana: rolled back to fleetwatch-dev-Grafana:6 instead of running fleetwatch-dev-Grafana:7",
    );
    expect((failure as Error).message).toContain("last stopped task: Task failed ELB health checks");
    expect((failure as Error).message).not.toContain("ThanosQuery");

    // The next deploy, once the fix runs, passes.
    ecs.reset();
    describeServices(`${TD}Grafana:7`);
    const verdicts = await handler(event, context);
    expect(verdicts.map((v) => v.state)).toEqual(["completed", "completed"]);
  });

  it("refuses an event that is not a list of services and task definitions", async () => {
    const { handler } = await import("../../../functions/monitoring/rollout-check");
    await expect(handler({ services: [{ service: "Grafana" }] }, context)).rejects.toThrow("taskDefinition");
  });
});
