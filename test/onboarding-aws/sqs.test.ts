import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { SqsMessageQueue } from "@fleetwatch/onboarding-aws";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";

const sqs = mockClient(SQSClient);
const queue = new SqsMessageQueue(new SQSClient({ region: "us-east-1" }), "https://sqs/q", "https://sqs/dlq");

beforeEach(() => sqs.reset());

describe("SqsMessageQueue", () => {
  it("delays a retry by changing the message's visibility", async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    await queue.delay("rh-1", 120);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: "https://sqs/q",
      ReceiptHandle: "rh-1",
      VisibilityTimeout: 120,
    });
  });

  it("dead-letters a message with its body unchanged and the reason as an attribute", async () => {
    sqs.on(SendMessageCommand).resolves({});
    await queue.deadLetter(
      { messageId: "m-1", receiptHandle: "rh", body: "{oops", receiveCount: 1 },
      "not JSON",
    );
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: "https://sqs/dlq",
      MessageBody: "{oops",
      MessageAttributes: {
        reason: { DataType: "String", StringValue: "not JSON" },
        sourceMessageId: { DataType: "String", StringValue: "m-1" },
      },
    });
  });
});
