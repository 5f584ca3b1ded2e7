import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
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
const s3 = mockClient(S3Client);
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
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  s3.on(GetObjectCommand).rejects(
    new S3ServiceException({ name: "NoSuchKey", message: "none", $fault: "client", $metadata: {} }),
  );
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
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    // The ledger is written before the sends (If-None-Match: none existed); then the status.
    expect(puts.map((p) => p.Key)).toEqual([
      "onboarding/reservations/us-east-1.json",
      "onboarding/status.json",
    ]);
    expect(puts[0]).toMatchObject({ IfNoneMatch: "*" });
    const put = puts[1];
    expect(put).toMatchObject({ Bucket: "fleetwatch-state", Key: "onboarding/status.json" });
    expect(JSON.parse(String(put?.Body))).toEqual({
      instancesByStatus: { installed: 1, installing: 2 },
      generatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      failedRegions: [],
      refused: [],
    });
  });

  it("logs a status it could not write and still reconciles", async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: "AccessDenied", message: "denied", $fault: "client", $metadata: {} }),
    );
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: "i-00000000000000004",
              State: { Name: "running" },
              LaunchTime: new Date("2026-01-01T00:00:00Z"),
              Tags: tags({ "fleetwatch:ignore": "true" }),
            },
          ],
        },
      ],
    });
    await expect(handler({ trigger: "schedule" }, context)).resolves.toMatchObject({
      trigger: "schedule",
      failedRegions: [],
    });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
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
    // The status is written before the scheduled run fails, naming the region it could not count.
    const bodies = s3.commandCalls(PutObjectCommand).map((c) => JSON.parse(String(c.args[0].input.Body)));
    expect(bodies).toHaveLength(2);
    for (const body of bodies)
      expect(body).toMatchObject({ instancesByStatus: {}, failedRegions: ["us-east-1"] });
  });
});
