import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  DescribeInstanceInformationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { newRun, workItemBody } from "@fleetwatch/onboarding";
import { ONBOARDING_STATUS_KEY, reservationsKey } from "@fleetwatch/state-layout";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqsEnvelope } from "../../support/aws-events";
import { linkResources } from "./events";

const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const context = { functionName: "reconcile-worker", awsRequestId: "req-4" } as Context;
const run = newRun("schedule", ["us-east-1"], new Date("2026-11-21T09:00:00Z"));
const item = workItemBody({ run, region: "us-east-1", page: 0 });
let handler: typeof import("../../../functions/onboarding/reconcile-worker")["handler"];
let objects: Map<string, string>;

beforeAll(async () => {
  linkResources();
  ({ handler } = await import("../../../functions/onboarding/reconcile-worker"));
});
beforeEach(() => {
  for (const m of [ec2, ssm, s3, sqs]) m.reset();
  objects = new Map();
  s3.on(PutObjectCommand).callsFake((input) => objects.set(input.Key, String(input.Body)));
  s3.on(ListObjectsV2Command).callsFake((input) => ({
    Contents: [...objects.keys()].filter((k) => k.startsWith(input.Prefix)).map((Key) => ({ Key })),
  }));
  s3.on(GetObjectCommand).callsFake((input) => {
    const body = objects.get(input.Key);
    if (!body) throw new NoSuchKey({ message: "no such key", $metadata: {} });
    return { Body: { transformToString: async () => body } };
  });
  sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
  sqs.on(SendMessageCommand).resolves({});
  ec2.on(CreateTagsCommand).resolves({});
  ssm.on(ListCommandsCommand).resolves({ Commands: [] });
  ssm.on(DescribeInstanceInformationCommand).resolves({
    InstanceInformationList: [{ InstanceId: "i-00000000000000001", PingStatus: "Online" }],
  });
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "cmd-1" } });
});

describe("functions/onboarding/reconcile-worker", () => {
  it("enqueues the next page, then installs on its own and writes its part; the last page publishes the run", async () => {
    ec2.on(DescribeInstancesCommand).resolvesOnce({
      Reservations: [
        {
          Instances: [
            { InstanceId: "i-00000000000000001", State: { Name: "running" }, LaunchTime: new Date(0) },
          ],
        },
      ],
      NextToken: "tok-2",
    });
    await handler(sqsEnvelope([item]), context);
    const next = JSON.parse(
      String(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries?.[0]?.MessageBody),
    );
    expect(next).toMatchObject({ region: "us-east-1", page: 1, token: "tok-2" });
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, { InstanceIds: ["i-00000000000000001"] });
    // The reservation ledger before the send, then the page's part.
    expect([...objects.keys()]).toEqual([
      reservationsKey("us-east-1"),
      `onboarding/runs/${run.id}/us-east-1/00000.page.json`,
    ]);
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await handler(sqsEnvelope([JSON.stringify(next)]), context);
    expect(ec2).toHaveReceivedNthCommandWith(DescribeInstancesCommand, 2, {
      NextToken: "tok-2",
      MaxResults: 1000,
    });
    expect(JSON.parse(objects.get(ONBOARDING_STATUS_KEY) ?? "{}")).toMatchObject({
      runId: run.id,
      instancesByStatus: { installing: 1 },
      partial: false,
    });
  });

  it("throws while the region can be retried, then reports it failed and dead-letters the item with the reason", async () => {
    ec2.on(DescribeInstancesCommand).rejects(
      new EC2ServiceException({
        name: "UnauthorizedOperation",
        message: "no",
        $fault: "client",
        $metadata: {},
      }),
    );
    await expect(handler(sqsEnvelope([item], { receiveCount: 1 }), context)).rejects.toThrow(
      "reconcile us-east-1 page 0: ec2:DescribeInstances failed: UnauthorizedOperation: no",
    );
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 0);
    await expect(handler(sqsEnvelope([item], { receiveCount: 3 }), context)).resolves.toBeUndefined();
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: expect.stringContaining("OnboardingReconcileDeadLetterQueue"),
      MessageBody: item,
      MessageAttributes: {
        reason: {
          DataType: "String",
          StringValue: "us-east-1 page 0: ec2:DescribeInstances failed: UnauthorizedOperation: no",
        },
      },
    });
    expect(JSON.parse(objects.get(ONBOARDING_STATUS_KEY) ?? "{}")).toMatchObject({
      failedRegions: ["us-east-1"],
      partial: true,
    });
  });

  it("dead-letters a malformed item at once, naming the key", async () => {
    await expect(handler(sqsEnvelope(['{"region":"us-east-1"}']), context)).resolves.toBeUndefined();
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      MessageAttributes: {
        reason: {
          DataType: "String",
          StringValue: expect.stringContaining("malformed reconcile work item: run"),
        },
      },
    });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 0);
  });
});
