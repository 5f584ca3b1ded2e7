import {
  ChangeMessageVisibilityBatchCommand,
  SendMessageBatchCommand,
  SQSClient,
  SQSServiceException,
} from "@aws-sdk/client-sqs";
import type { QueueMessage } from "@fleetwatch/onboarding";
import { SQS_BATCH_BYTES, SqsMessageQueue, sqsBatches } from "@fleetwatch/onboarding-aws";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";

const sqs = mockClient(SQSClient);
const queue = new SqsMessageQueue(new SQSClient({ region: "us-east-1" }), "https://sqs/q", "https://sqs/dlq");
const message = (i: number, body = "{}"): QueueMessage => ({
  messageId: `m-${i}`,
  receiptHandle: `rh-${i}`,
  body,
  receiveCount: 1,
});
const messages = (n: number) => Array.from({ length: n }, (_, i) => message(i));

beforeEach(() => sqs.reset());

describe("sqsBatches", () => {
  it.each([
    [0, 1, []],
    [10, 1, [10]],
    [25, 1, [10, 10, 5]],
    [5, SQS_BATCH_BYTES / 2, [2, 2, 1]],
    [2, SQS_BATCH_BYTES + 1, [1, 1]],
  ])("puts %i entries of %i bytes in batches of %o (10 entries, 256 KiB)", (n, bytes, sizes) => {
    expect(sqsBatches(Array.from({ length: n }), () => bytes).map((b) => b.length)).toEqual(sizes);
  });
});

describe("SqsMessageQueue.delay", () => {
  it("changes the visibility of 10 messages per ChangeMessageVisibilityBatch", async () => {
    sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
    const failed = await queue.delay(messages(12).map((m, i) => ({ message: m, seconds: 30 + i })));
    expect(failed).toEqual([]);
    expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityBatchCommand, 2);
    expect(sqs).toHaveReceivedNthCommandWith(ChangeMessageVisibilityBatchCommand, 2, {
      QueueUrl: "https://sqs/q",
      Entries: [
        { Id: "0", ReceiptHandle: "rh-10", VisibilityTimeout: 40 },
        { Id: "1", ReceiptHandle: "rh-11", VisibilityTimeout: 41 },
      ],
    });
  });

  it("returns the entries SQS refused in Failed[], by message id", async () => {
    sqs.on(ChangeMessageVisibilityBatchCommand).resolves({
      Successful: [{ Id: "0" }],
      Failed: [{ Id: "1", Code: "ReceiptHandleIsInvalid", Message: "expired", SenderFault: true }],
    });
    const failed = await queue.delay(messages(2).map((m) => ({ message: m, seconds: 60 })));
    expect(failed).toEqual([{ messageId: "m-1", error: "ReceiptHandleIsInvalid: expired" }]);
  });

  it("fails the entries of a call that failed only, and still sends the other batches", async () => {
    sqs
      .on(ChangeMessageVisibilityBatchCommand)
      .rejectsOnce(new SQSServiceException({ name: "InternalError", $fault: "server", $metadata: {} }))
      .resolves({ Successful: [], Failed: [] });
    const failed = await queue.delay(messages(11).map((m) => ({ message: m, seconds: 60 })));
    expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityBatchCommand, 2);
    expect(failed.map((f) => f.messageId)).toEqual(messages(10).map((m) => m.messageId));
    expect(failed[0]?.error).toContain("sqs:ChangeMessageVisibility failed");
  });

  it("keeps a delay within 0 and 12 hours", async () => {
    sqs.on(ChangeMessageVisibilityBatchCommand).resolves({});
    await queue.delay([
      { message: message(0), seconds: -5 },
      { message: message(1), seconds: 50_000 },
    ]);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityBatchCommand, {
      Entries: [
        { Id: "0", ReceiptHandle: "rh-0", VisibilityTimeout: 0 },
        { Id: "1", ReceiptHandle: "rh-1", VisibilityTimeout: 43_200 },
      ],
    });
  });
});

describe("SqsMessageQueue.deadLetter", () => {
  it("dead-letters messages with their bodies unchanged and the reason as an attribute", async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const failed = await queue.deadLetter([{ message: message(1, "{oops"), reason: "not JSON" }]);
    expect(failed).toEqual([]);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: "https://sqs/dlq",
      Entries: [
        {
          Id: "0",
          MessageBody: "{oops",
          MessageAttributes: {
            reason: { DataType: "String", StringValue: "not JSON" },
            sourceMessageId: { DataType: "String", StringValue: "m-1" },
          },
        },
      ],
    });
  });

  it("sends at most 256 KiB per call", async () => {
    sqs.on(SendMessageBatchCommand).resolves({});
    const big = "x".repeat(100_000);
    await queue.deadLetter([0, 1, 2, 3].map((i) => ({ message: message(i, big), reason: "too big" })));
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    for (const c of sqs.commandCalls(SendMessageBatchCommand))
      expect(c.args[0].input.Entries?.reduce((n, e) => n + (e.MessageBody?.length ?? 0), 0)).toBeLessThan(
        SQS_BATCH_BYTES,
      );
  });

  it("sends an entry SQS failed on its side once more, and returns the ones it refused for the sender's fault", async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: "0", MessageId: "d-0", MD5OfMessageBody: "" }],
        Failed: [
          { Id: "1", Code: "InternalError", SenderFault: false },
          { Id: "2", Code: "InvalidMessageContents", Message: "bad character", SenderFault: true },
        ],
      })
      .resolves({ Successful: [{ Id: "0", MessageId: "d-1", MD5OfMessageBody: "" }], Failed: [] });
    const failed = await queue.deadLetter(messages(3).map((m) => ({ message: m, reason: "bad" })));
    expect(failed).toEqual([{ messageId: "m-2", error: "InvalidMessageContents: bad character" }]);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sqs).toHaveReceivedNthCommandWith(SendMessageBatchCommand, 2, {
      Entries: [
        expect.objectContaining({
          Id: "0",
          MessageBody: "{}",
          MessageAttributes: expect.objectContaining({
            sourceMessageId: { DataType: "String", StringValue: "m-1" },
          }),
        }),
      ],
    });
  });

  it("returns an entry that failed twice on SQS's side, for the queue's redrive", async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: "0", Code: "InternalError", SenderFault: false }] });
    const failed = await queue.deadLetter([{ message: message(7), reason: "bad" }]);
    expect(failed).toEqual([{ messageId: "m-7", error: "InternalError: refused" }]);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
  });
});
