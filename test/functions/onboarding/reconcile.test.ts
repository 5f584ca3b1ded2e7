import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import {
  DescribeInstanceInformationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linkResources } from "./events";

const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
const context = { functionName: "reconcile", awsRequestId: "req-3" } as Context;
let handler: typeof import("../../../functions/onboarding/reconcile")["handler"];
const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

beforeAll(async () => {
  linkResources();
  ({ handler } = await import("../../../functions/onboarding/reconcile"));
});
beforeEach(() => {
  ec2.reset();
  ssm.reset();
  ec2.on(CreateTagsCommand).resolves({});
  ssm.on(ListCommandsCommand).resolves({ Commands: [] });
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "cmd-9" } });
});

describe("functions/onboarding/reconcile", () => {
  it("backfills an untagged instance, upgrades an outdated one and leaves a current one alone", async () => {
    const old = new Date("2026-01-01T00:00:00Z");
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            { InstanceId: "i-00000000000000001", State: { Name: "running" }, LaunchTime: old },
            {
              InstanceId: "i-00000000000000002",
              State: { Name: "running" },
              LaunchTime: old,
              Tags: tags({
                "fleetwatch:status": "installed",
                "fleetwatch:node-exporter": "1.8.2",
                "fleetwatch:group": "default",
              }),
            },
            {
              InstanceId: "i-00000000000000003",
              State: { Name: "running" },
              LaunchTime: old,
              Tags: tags({
                "fleetwatch:status": "installed",
                "fleetwatch:node-exporter": "1.9.1",
                "fleetwatch:group": "default",
              }),
            },
          ],
        },
      ],
    });
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        { InstanceId: "i-00000000000000001", PingStatus: "Online" },
        { InstanceId: "i-00000000000000002", PingStatus: "Online" },
      ],
    });
    const result = await handler({ trigger: "deploy" }, context);
    expect(result).toMatchObject({
      trigger: "deploy",
      counts: { installing: 2, unchanged: 1 },
      failedRegions: [],
    });
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      InstanceIds: ["i-00000000000000001", "i-00000000000000002"],
    });
  });

  it("never fails the deploy, but fails a scheduled run when a region could not be reconciled", async () => {
    ec2.on(DescribeInstancesCommand).rejects(
      new EC2ServiceException({
        name: "UnauthorizedOperation",
        message: "not allowed",
        $fault: "client",
        $metadata: {},
      }),
    );
    await expect(handler({ trigger: "deploy" }, context)).resolves.toMatchObject({
      failedRegions: [
        { region: "us-east-1", error: "ec2:DescribeInstances failed: UnauthorizedOperation: not allowed" },
      ],
    });
    await expect(handler({ trigger: "schedule" }, context)).rejects.toThrow(
      "reconcile failed in us-east-1 (ec2:DescribeInstances failed: UnauthorizedOperation: not allowed)",
    );
  });
});
