import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { MessageQueue, QueueMessage } from "@fleetwatch/onboarding";
import { call } from "./errors.js";

/** The queue a Lambda reads: retries by visibility, poison messages to its dead-letter queue with the reason. */
export class SqsMessageQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterUrl: string,
  ) {}

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    await call("sqs:ChangeMessageVisibility", () =>
      this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
        }),
      ),
    );
  }

  async deadLetter(message: QueueMessage, reason: string): Promise<void> {
    await call("sqs:SendMessage", () =>
      this.client.send(
        new SendMessageCommand({
          QueueUrl: this.deadLetterUrl,
          MessageBody: message.body,
          MessageAttributes: {
            reason: { DataType: "String", StringValue: reason.slice(0, 1000) },
            sourceMessageId: { DataType: "String", StringValue: message.messageId },
          },
        }),
      ),
    );
  }
}
