import {
  CreateTagsCommand,
  type CreateTagsCommandInput,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { awsEventWith, type SampleChanges, sqsEnvelope } from "../../support/aws-events";
import { linkResources, SETTINGS } from "./events";

const ec2 = mockClient(EC2Client);
const sqs = mockClient(SQSClient);
/** Half a minute after the documented sample's request (`requested-date-time` 2016-07-10T21:51:30.049Z). */
const NOW = new Date("2016-07-10T21:52:00Z");
/** The documented sample's instance; OTHER is a second instance of the same batch. */
const ID = "i-9bb89e2b";
const OTHER = "i-0abc1234def567890";
const DLQ = "https://sqs.us-east-1.amazonaws.com/123456789012/OnboardingDeadLetterQueue";
const context = { functionName: "complete", awsRequestId: "req-2" } as Context;
let handler: typeof import("../../../functions/onboarding/complete")["handler"];

/**
 * The Systems Manager guide's invocation event, as fleetwatch's document's in the onboarded region (the
 * settings onboard us-east-1; the sample ran AWS-RunPowerShellScript in us-east-2), with `changes`.
 */
const result = (changes: SampleChanges = {}) =>
  awsEventWith("ssm-command-invocation-status.docs", {
    documentName: SETTINGS.documentName,
    region: "us-east-1",
    ...changes,
  });

const describeWith = (tags: Record<string, string>, ids = [ID]) =>
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: ids.map((InstanceId) => ({
          InstanceId,
          State: { Name: "running" },
          LaunchTime: new Date("2016-07-10T21:50:00Z"),
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        })),
      },
    ],
  });

/** CreateTags failing with `name` whenever it names OTHER, as EC2 fails a whole call for one resource. */
const createTagsFailingFor = (name: string, status: number) =>
  ec2.on(CreateTagsCommand).callsFake((input: CreateTagsCommandInput) => {
    if (input.Resources?.includes(OTHER))
      throw new EC2ServiceException({
        name,
        message: "too many tags",
        $fault: status >= 500 ? "server" : "client",
        $metadata: { httpStatusCode: status },
      });
    return {};
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
  sqs.on(SendMessageBatchCommand).resolves({});
});

const INSTALLING = { "fleetwatch:status": "installing", "fleetwatch:since": "2016-07-10T21:51:30.000Z" };

describe("functions/onboarding/complete", () => {
  it("tags a successful install for discovery: scrape, group, version, installed", async () => {
    describeWith(INSTALLING);
    const out = await handler(sqsEnvelope([result()]), context);
    expect(out).toEqual({ batchItemFailures: [] });
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
    await handler(sqsEnvelope([result({ status: "Failed" })]), context);
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
    describeWith({ "fleetwatch:status": "installing", "fleetwatch:since": "2016-07-10T21:51:31.000Z" });
    const out = await handler(sqsEnvelope([result({ status: "Failed" })]), context);
    expect(out).toEqual({ batchItemFailures: [] });
    expect(ec2).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  it("acknowledges a non-final (InProgress) invocation event without tagging, should one pass the rule", async () => {
    describeWith(INSTALLING);
    const out = await handler(sqsEnvelope([result({ status: "InProgress" })]), context);
    expect(out).toEqual({ batchItemFailures: [] });
    expect(ec2).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(sqs).not.toHaveReceivedAnyCommand();
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
    const event = sqsEnvelope([result()]);
    const [record] = event.Records;
    const out = await handler(event, context);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: record?.messageId }] });
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityBatchCommand, {
      Entries: [{ Id: "0", ReceiptHandle: record?.receiptHandle, VisibilityTimeout: 30 }],
    });
  });

  it("dead-letters the result of an instance EC2 refuses for good, with the refusal, and tags the other", async () => {
    describeWith(INSTALLING, [ID, OTHER]);
    createTagsFailingFor("TagLimitExceeded", 400);
    const event = sqsEnvelope([result(), result({ instanceId: OTHER })]);
    const out = await handler(event, context);
    expect(out).toEqual({ batchItemFailures: [] });
    expect(ec2).toHaveReceivedCommandWith(CreateTagsCommand, {
      Resources: [ID],
      Tags: expect.arrayContaining([{ Key: "fleetwatch:status", Value: "installed" }]),
    });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: DLQ,
      Entries: [
        expect.objectContaining({
          MessageBody: event.Records[1]?.body,
          MessageAttributes: expect.objectContaining({
            reason: {
              DataType: "String",
              StringValue: `${OTHER} refused by ec2:CreateTags: TagLimitExceeded (ec2:CreateTags failed: TagLimitExceeded: too many tags)`,
            },
          }),
        }),
      ],
    });
    expect(sqs).not.toHaveReceivedCommand(ChangeMessageVisibilityBatchCommand);
  });

  it("retries only the result of an instance EC2 fails for with a 5xx, and tags the other", async () => {
    describeWith(INSTALLING, [ID, OTHER]);
    createTagsFailingFor("InternalError", 500);
    const event = sqsEnvelope([result(), result({ instanceId: OTHER })]);
    const out = await handler(event, context);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(ec2).toHaveReceivedCommandWith(CreateTagsCommand, { Resources: [ID] });
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityBatchCommand, {
      Entries: [{ Id: "0", ReceiptHandle: event.Records[1]?.receiptHandle, VisibilityTimeout: 30 }],
    });
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});
