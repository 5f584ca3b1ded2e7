import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import { ChangeMessageVisibilityBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fixture, linkResources, sqsEvent } from "./events";

const ec2 = mockClient(EC2Client);
const sqs = mockClient(SQSClient);
const NOW = new Date("2026-11-21T09:02:00Z");
const ID = "i-0abc1234def567890";
const context = { functionName: "complete", awsRequestId: "req-2" } as Context;
let handler: typeof import("../../../functions/onboarding/complete")["handler"];

const describeWith = (tags: Record<string, string>) =>
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: ID,
            State: { Name: "running" },
            LaunchTime: new Date("2026-11-21T09:00:00Z"),
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          },
        ],
      },
    ],
  });

beforeAll(async () => {
  linkResources();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  ({ handler } = await import("../../../functions/onboarding/complete"));
});
afterAll(() => vi.useRealTimers());
beforeEach(() => {
  ec2.reset();
  sqs.reset();
  ec2.on(CreateTagsCommand).resolves({});
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({});
});

const INSTALLING = { "fleetwatch:status": "installing", "fleetwatch:since": "2026-11-21T09:01:10.000Z" };

describe("functions/onboarding/complete", () => {
  it("tags a successful install for discovery: scrape, group, version, installed", async () => {
    describeWith(INSTALLING);
    const result = await handler(sqsEvent([fixture("ssm-command-invocation-success.json")]), context);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ec2).toHaveReceivedCommandWith(CreateTagsCommand, {
      Resources: [ID],
      Tags: [
        { Key: "fleetwatch:scrape", Value: "true" },
        { Key: "fleetwatch:group", Value: "default" },
        { Key: "fleetwatch:node-exporter", Value: "1.9.1" },
        { Key: "fleetwatch:status", Value: "installed" },
        { Key: "fleetwatch:reason", Value: "" },
        { Key: "fleetwatch:since", Value: NOW.toISOString() },
      ],
    });
  });

  it("tags a failed install with its reason, command and attempt count", async () => {
    describeWith(INSTALLING);
    await handler(sqsEvent([fixture("ssm-command-invocation-failed.json")]), context);
    expect(ec2).toHaveReceivedCommandWith(CreateTagsCommand, {
      Tags: expect.arrayContaining([
        { Key: "fleetwatch:status", Value: "failed" },
        { Key: "fleetwatch:reason", Value: "command-failed" },
        { Key: "fleetwatch:command", Value: "e8d3c0e4-71f7-4491-898f-c9b35bee5f3b" },
        { Key: "fleetwatch:attempts", Value: "1@1.9.1" },
      ]),
    });
  });

  it("ignores a result of a command older than the instance's last reservation", async () => {
    describeWith({ "fleetwatch:status": "installing", "fleetwatch:since": "2026-11-21T09:01:30.000Z" });
    const result = await handler(sqsEvent([fixture("ssm-command-invocation-failed.json")]), context);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ec2).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  it("keeps the results on the queue when EC2 throttles", async () => {
    ec2.on(DescribeInstancesCommand).rejects(
      new EC2ServiceException({
        name: "RequestLimitExceeded",
        message: "Request limit exceeded.",
        $fault: "client",
        $metadata: {},
      }),
    );
    const result = await handler(sqsEvent([fixture("ssm-command-invocation-success.json")]), context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "msg-0" }] });
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityBatchCommand, {
      Entries: [{ Id: "0", ReceiptHandle: "rh-0", VisibilityTimeout: 30 }],
    });
  });
});
