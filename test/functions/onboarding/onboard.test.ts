import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  DescribeInstanceInformationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { carryBody } from "@fleetwatch/onboarding";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { awsEvent, awsEventWith, sqsEnvelope } from "../../support/aws-events";
import { HAND_MADE } from "../../support/hand-made-events";
import { sdkBody } from "../../support/sdk-body";
import { linkResources } from "./events";

const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const NOW = new Date("2026-11-21T09:01:00Z");
/** The captured running event's instance. */
const ID = "i-0533ccc4be7f511af";
/** The captured running event, in the region the settings onboard (it was captured in ap-southeast-2). */
const RUNNING = awsEventWith("ec2-state-change-running.captured", { region: "us-east-1" });
const context = { functionName: "onboard", awsRequestId: "req-1" } as Context;
let handler: typeof import("../../../functions/onboarding/onboard")["handler"];

beforeAll(async () => {
  linkResources();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  ({ handler } = await import("../../../functions/onboarding/onboard"));
});
afterAll(() => vi.useRealTimers());

beforeEach(() => {
  for (const m of [ec2, ssm, sqs, s3]) m.reset();
  s3.on(GetObjectCommand).rejects(
    new S3ServiceException({ name: "NoSuchKey", message: "none", $fault: "client", $metadata: {} }),
  );
  s3.on(PutObjectCommand).resolves({});
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: [
          { InstanceId: ID, State: { Name: "running" }, LaunchTime: new Date("2026-11-21T09:00:00Z") },
        ],
      },
    ],
  });
  ec2.on(CreateTagsCommand).resolves({});
  ssm.on(ListCommandsCommand).resolves({ Commands: [] });
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "cmd-1" } });
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({});
});

describe("functions/onboarding/onboard", () => {
  it("reserves and sends the install to a registered instance, once for duplicate events", async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolves({ InstanceInformationList: [{ InstanceId: ID, PingStatus: "Online" }] });
    const pending = awsEvent("ec2-state-change-pending.docs");
    const result = await handler(sqsEnvelope([RUNNING, RUNNING, pending]), context);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(CreateTagsCommand, {
      Resources: [ID],
      Tags: [
        { Key: "fleetwatch:status", Value: "installing" },
        { Key: "fleetwatch:reason", Value: "" },
        { Key: "fleetwatch:since", Value: NOW.toISOString() },
      ],
    });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      DocumentName: "fleetwatch-dev-NodeExporter",
      InstanceIds: [ID],
    });
    // Reserved in the region's ledger of the state bucket before anything was sent.
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: "fleetwatch-state",
      Key: "onboarding/reservations/us-east-1.json",
      IfNoneMatch: "*",
    });
    const ledger = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Body));
    expect(Object.keys(ledger.reservations)).toEqual([ID]);
  });

  it("sends nothing to an instance another pass holds in the ledger, and looks again later", async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolves({ InstanceInformationList: [{ InstanceId: ID, PingStatus: "Online" }] });
    const until = new Date(NOW.getTime() + 60_000).toISOString();
    const body = JSON.stringify({
      reservations: { [ID]: { holder: "reconcile", at: NOW.toISOString(), until } },
    });
    s3.on(GetObjectCommand).resolves({ Body: sdkBody(body), ETag: '"e1"' });
    const result = await handler(sqsEnvelope([RUNNING]), context);
    // Carried to a later pass in a new message; the event itself is acknowledged.
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/OnboardingLaunchQueue",
      Entries: [expect.objectContaining({ MessageBody: expect.stringContaining(ID) })],
    });
    expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
  });

  it("dead-letters the message of an instance AWS refuses for good, with the refusal as its reason", async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolves({ InstanceInformationList: [{ InstanceId: ID, PingStatus: "Online" }] });
    ec2.on(CreateTagsCommand).rejects(
      new EC2ServiceException({
        name: "TagLimitExceeded",
        message: "too many tags",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const result = await handler(sqsEnvelope([RUNNING], { receiveCount: 2 }), context);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/OnboardingDeadLetterQueue",
      Entries: [
        expect.objectContaining({
          MessageAttributes: expect.objectContaining({
            reason: {
              DataType: "String",
              StringValue: `${ID} refused by ec2:CreateTags: TagLimitExceeded (ec2:CreateTags failed: TagLimitExceeded: too many tags)`,
            },
          }),
        }),
      ],
    });
  });

  it("carries an instance not yet registered with SSM to the next pass in one new message, a minute on", async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    const result = await handler(sqsEnvelope([RUNNING], { receiveCount: 3 }), context);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/OnboardingLaunchQueue",
      Entries: [
        {
          Id: "0",
          // With its launch time: the next pass asks SSM before it describes the instance again.
          MessageBody: carryBody([
            { id: ID, region: "us-east-1", passes: 3, launchedAt: new Date("2026-11-21T09:00:00Z") },
          ]),
          DelaySeconds: 60,
        },
      ],
    });
    expect(sqs).not.toHaveReceivedCommand(ChangeMessageVisibilityBatchCommand);
    expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
  });

  it("leaves the event on the queue, visible again after its backoff, when the carried message is refused", async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: "0", Code: "InternalError", SenderFault: false }],
    });
    const event = sqsEnvelope([RUNNING], { receiveCount: 3 });
    const [record] = event.Records;
    const result = await handler(event, context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: record?.messageId }] });
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityBatchCommand, {
      Entries: [{ Id: "0", ReceiptHandle: record?.receiptHandle, VisibilityTimeout: 120 }],
    });
  });

  it("dead-letters a malformed event with its reason and touches no instance", async () => {
    const result = await handler(sqsEnvelope([HAND_MADE.runningWithoutId, "not json"]), context);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/OnboardingDeadLetterQueue",
      Entries: [
        expect.objectContaining({
          MessageAttributes: expect.objectContaining({
            reason: {
              DataType: "String",
              StringValue:
                "malformed EC2 state-change event: detail.instance-id: Invalid input: expected string, received undefined",
            },
          }),
        }),
        expect.objectContaining({ Id: "1", MessageBody: "not json" }),
      ],
    });
    expect(ec2).not.toHaveReceivedAnyCommand();
  });
});
