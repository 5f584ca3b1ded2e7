import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  AwsCallError,
  chunk,
  RECONCILE_TUNING,
  type WorkItem,
  type WorkQueue,
  workItemBody,
} from "@fleetwatch/onboarding";
import { call } from "./errors.js";

/** The reconcile's work queue: items by SendMessageBatch, given-up items to its dead-letter queue with the reason. */
export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterUrl: string,
  ) {}

  /** 10 items per call; entries SQS failed on its side are sent once more, then the call fails naming them. */
  async enqueue(items: readonly WorkItem[]): Promise<void> {
    for (const slice of chunk(items, RECONCILE_TUNING.enqueueBatch)) {
      let entries = slice.map((item, i) => ({ Id: `item-${i}`, MessageBody: workItemBody(item) }));
      for (let round = 0; entries.length > 0; round++) {
        const out = await call("sqs:SendMessageBatch", () =>
          this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries })),
        );
        const failed = out.Failed ?? [];
        if (failed.length === 0) break;
        const retryable = failed.every((f) => !f.SenderFault);
        if (!retryable || round >= 1) {
          const detail = failed.map((f) => `${f.Id} ${f.Code}: ${f.Message ?? ""}`.trim()).join("; ");
          throw new AwsCallError(
            "sqs:SendMessageBatch",
            `${failed.length} of ${entries.length} not sent (${detail})`,
          );
        }
        const again = new Set(failed.map((f) => f.Id));
        entries = entries.filter((e) => again.has(e.Id));
      }
    }
  }

  async deadLetter(body: string, reason: string): Promise<void> {
    await call("sqs:SendMessage", () =>
      this.client.send(
        new SendMessageCommand({
          QueueUrl: this.deadLetterUrl,
          MessageBody: body,
          MessageAttributes: { reason: { DataType: "String", StringValue: reason.slice(0, 1000) } },
        }),
      ),
    );
  }
}
