import {
  type BatchResultErrorEntry,
  ChangeMessageVisibilityBatchCommand,
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type {
  DeadLetter,
  EntryFailure,
  MessageQueue,
  Requeued,
  VisibilityChange,
} from "@fleetwatch/onboarding";
import { call } from "./errors.js";

/** Entries per SQS batch call (ChangeMessageVisibilityBatch, SendMessageBatch, DeleteMessageBatch). */
export const SQS_BATCH_ENTRIES = 10;
/** The payload a SendMessageBatch may carry in all: bodies plus attribute names, types and values (256 KiB). */
export const SQS_BATCH_BYTES = 262_144;
/** SQS's ceiling on a message's DelaySeconds (15 minutes). */
const MAX_DELAY_SECONDS = 900;
/** SQS's ceiling on a message's visibility timeout (12 hours). */
const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * Entries in SQS batches: at most 10 per call and at most `maxBytes` of payload per call. An entry larger than
 * the limit on its own goes alone (SQS then refuses that entry, and only it).
 */
export function sqsBatches<T>(
  entries: readonly T[],
  bytes: (entry: T) => number,
  maxBytes = SQS_BATCH_BYTES,
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const entry of entries) {
    const n = bytes(entry);
    if (current.length === SQS_BATCH_ENTRIES || (current.length > 0 && size + n > maxBytes)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The attributes a dead letter carries: why, and which message it was on the consumed queue. */
export function deadLetterAttributes(letter: DeadLetter): Record<string, MessageAttributeValue> {
  return {
    reason: { DataType: "String", StringValue: letter.reason.slice(0, 1000) },
    sourceMessageId: { DataType: "String", StringValue: letter.message.messageId },
  };
}

/** What SendMessageBatch counts against its payload limit for one entry (UTF-8 bytes). */
export function deadLetterBytes(letter: DeadLetter): number {
  let n = Buffer.byteLength(letter.message.body);
  for (const [name, value] of Object.entries(deadLetterAttributes(letter)))
    n +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? "") +
      Buffer.byteLength(value.StringValue ?? "");
  return n;
}

const describeFailure = (f: BatchResultErrorEntry) => `${f.Code ?? "error"}: ${f.Message ?? "refused"}`;

/**
 * Sends `entries` in batches; `send` gets one batch with its entry ids (the index in the batch) and returns the
 * entries SQS refused. A call that fails fails its entries only: the other batches still go.
 */
async function inBatches<T extends { message: { messageId: string } }>(
  entries: readonly T[],
  bytes: (entry: T) => number,
  send: (batch: { id: string; entry: T }[]) => Promise<BatchResultErrorEntry[]>,
): Promise<{ entry: T; failure: BatchResultErrorEntry }[]> {
  const out: { entry: T; failure: BatchResultErrorEntry }[] = [];
  for (const batch of sqsBatches(entries, bytes)) {
    const ids = batch.map((entry, i) => ({ id: String(i), entry }));
    let refused: BatchResultErrorEntry[];
    try {
      refused = await send(ids);
    } catch (error) {
      refused = ids.map(({ id }) => ({
        Id: id,
        Code: (error as Error).name,
        Message: (error as Error).message,
        SenderFault: false,
      }));
    }
    for (const f of refused) {
      const entry = ids.find((x) => x.id === f.Id)?.entry;
      if (entry) out.push({ entry, failure: f });
    }
  }
  return out;
}

const asFailure = ({
  entry,
  failure,
}: {
  entry: { message: { messageId: string } };
  failure: BatchResultErrorEntry;
}) => ({ messageId: entry.message.messageId, error: describeFailure(failure) }) satisfies EntryFailure;

/**
 * The queue a Lambda reads: retries by visibility, poison messages to its dead-letter queue with the reason,
 * both through SQS's batch calls. Entries SQS refuses are returned, never thrown: the domain leaves their
 * messages on the queue.
 */
export class SqsMessageQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterUrl: string,
  ) {}

  async delay(changes: readonly VisibilityChange[]): Promise<EntryFailure[]> {
    const refused = await inBatches(
      changes,
      () => 0,
      async (batch) => {
        const out = await call("sqs:ChangeMessageVisibility", () =>
          this.client.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: this.queueUrl,
              Entries: batch.map(({ id, entry }) => ({
                Id: id,
                ReceiptHandle: entry.message.receiptHandle,
                VisibilityTimeout: Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.round(entry.seconds))),
              })),
            }),
          ),
        );
        return out.Failed ?? [];
      },
    );
    return refused.map(asFailure);
  }

  /**
   * Entries refused for a fault of SQS's (`SenderFault: false`, or a failed call) are sent once more; what is
   * still refused is returned, and its message is left for the queue's redrive.
   */
  async deadLetter(letters: readonly DeadLetter[]): Promise<EntryFailure[]> {
    const send = (entries: readonly DeadLetter[]) =>
      inBatches(entries, deadLetterBytes, async (batch) => {
        const out = await call("sqs:SendMessage", () =>
          this.client.send(
            new SendMessageBatchCommand({
              QueueUrl: this.deadLetterUrl,
              Entries: batch.map(({ id, entry }) => ({
                Id: id,
                MessageBody: entry.message.body,
                MessageAttributes: deadLetterAttributes(entry),
              })),
            }),
          ),
        );
        return out.Failed ?? [];
      });
    const first = await send(letters);
    const again = first.filter((r) => !r.failure.SenderFault).map((r) => r.entry);
    const second = again.length > 0 ? await send(again) : [];
    return [...first.filter((r) => r.failure.SenderFault), ...second].map(asFailure);
  }

  /** New messages on the consumed queue, each after its delay (at most 15 minutes), 10 per call. */
  async requeue(messages: readonly Requeued[]): Promise<EntryFailure[]> {
    const entries = messages.map((requeued) => ({ message: { messageId: requeued.id }, requeued }));
    const refused = await inBatches(
      entries,
      (e) => Buffer.byteLength(e.requeued.body),
      async (batch) => {
        const out = await call("sqs:SendMessage", () =>
          this.client.send(
            new SendMessageBatchCommand({
              QueueUrl: this.queueUrl,
              Entries: batch.map(({ id, entry }) => ({
                Id: id,
                MessageBody: entry.requeued.body,
                DelaySeconds: Math.max(
                  0,
                  Math.min(MAX_DELAY_SECONDS, Math.round(entry.requeued.delaySeconds)),
                ),
              })),
            }),
          ),
        );
        return out.Failed ?? [];
      },
    );
    return refused.map(asFailure);
  }
}
