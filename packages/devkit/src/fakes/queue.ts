import type {
  DeadLetter,
  EntryFailure,
  MessageQueue,
  QueueMessage,
  Requeued,
  VisibilityChange,
} from "@fleetwatch/onboarding";
import { deadLetterBytes, SQS_BATCH_BYTES, SQS_BATCH_ENTRIES, sqsBatches } from "@fleetwatch/onboarding-aws";
import type { FakeClock } from "./clock";

interface Stored {
  messageId: string;
  receiptHandle: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

/**
 * An SQS standard queue with a redrive policy, as Lambda's event source mapping sees it: received messages are
 * invisible for the visibility timeout, ChangeMessageVisibility moves that, a message received more than
 * `maxReceiveCount` times goes to the dead-letter queue. Batch calls take at most 10 entries (and SendMessageBatch
 * 256 KiB), like the adapter's; an entry can fail on its own (`Failed[]`), at `entryFailureRate` or by message id.
 * Every call is counted: fleetwatch's own in `calls`, the event source poller's in `pollerCalls`.
 */
export class FakeQueue implements MessageQueue {
  private messages: Stored[] = [];
  private seq = 0;
  readonly deadLetters: { body: string; reason: string }[] = [];
  /** Calls fleetwatch's code makes (ChangeMessageVisibilityBatch, SendMessageBatch). */
  readonly calls: Record<string, number> = {};
  /** Calls Lambda's poller makes for the function: ReceiveMessage and DeleteMessageBatch, 10 messages each. */
  readonly pollerCalls: Record<string, number> = {};
  /** Message ids whose next batch entry fails (each once), whatever the rate. */
  readonly failEntries = new Set<string>();

  constructor(
    private readonly clock: FakeClock,
    readonly options: {
      visibilityTimeoutS: number;
      maxReceiveCount: number;
      batchSize: number;
      windowS: number;
      /** SQS DelaySeconds: a new message is invisible this long. */
      delayS?: number;
      /** Probability that one entry of a batch call fails (`Failed[]`, SenderFault false). */
      entryFailureRate?: number;
      random?: () => number;
    },
  ) {}

  /** SendMessage by a producer (EventBridge): invisible for the queue's DelaySeconds, or `delayS` if given. */
  send(body: string, delayS = this.options.delayS ?? 0): void {
    const id = `msg-${++this.seq}`;
    this.messages.push({
      messageId: id,
      receiptHandle: `${id}/0`,
      body,
      receiveCount: 0,
      visibleAt: this.clock.millis + delayS * 1000,
    });
  }

  get depth(): number {
    return this.messages.length;
  }

  /** Lambda polls: a full batch, or a partial one once the batching window has passed. */
  shouldInvoke(): boolean {
    const now = this.clock.millis;
    const visible = this.messages.filter((m) => m.visibleAt <= now);
    if (visible.length === 0) return false;
    if (visible.length >= this.options.batchSize) return true;
    return now - Math.min(...visible.map((m) => m.visibleAt)) >= this.options.windowS * 1000;
  }

  receive(): QueueMessage[] {
    const now = this.clock.millis;
    const out: QueueMessage[] = [];
    for (const m of this.messages.filter((x) => x.visibleAt <= now)) {
      if (out.length >= this.options.batchSize) break;
      if (m.receiveCount >= this.options.maxReceiveCount) {
        this.remove(m.messageId);
        this.deadLetters.push({ body: m.body, reason: `received ${m.receiveCount} times (maxReceiveCount)` });
        continue;
      }
      m.receiveCount += 1;
      m.receiptHandle = `${m.messageId}/${m.receiveCount}`;
      m.visibleAt = now + this.options.visibilityTimeoutS * 1000;
      out.push({
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        receiveCount: m.receiveCount,
      });
    }
    this.countPoller("sqs:ReceiveMessage", out.length);
    return out;
  }

  /** Deletes the batch's messages but the failed ones (Lambda's partial batch response). */
  settle(batch: readonly QueueMessage[], failed: ReadonlySet<string>): void {
    const done = batch.filter((m) => !failed.has(m.messageId));
    for (const m of done) this.remove(m.messageId);
    this.countPoller("sqs:DeleteMessageBatch", done.length);
  }

  async delay(changes: readonly VisibilityChange[]): Promise<EntryFailure[]> {
    return this.batchCall(
      "sqs:ChangeMessageVisibilityBatch",
      changes,
      () => 0,
      (change) => {
        const m = this.messages.find((x) => x.receiptHandle === change.message.receiptHandle);
        if (!m) return `ReceiptHandleIsInvalid: ${change.message.receiptHandle}`;
        m.visibleAt = this.clock.millis + change.seconds * 1000;
        return undefined;
      },
    );
  }

  async deadLetter(letters: readonly DeadLetter[]): Promise<EntryFailure[]> {
    return this.batchCall("sqs:SendMessageBatch", letters, deadLetterBytes, (letter) => {
      this.deadLetters.push({ body: letter.message.body, reason: letter.reason });
      return undefined;
    });
  }

  async requeue(messages: readonly Requeued[]): Promise<EntryFailure[]> {
    const entries = messages.map((r) => ({
      message: { messageId: r.id, receiptHandle: "", body: r.body, receiveCount: 0 },
      r,
    }));
    return this.batchCall(
      "sqs:SendMessageBatch",
      entries,
      (e) => Buffer.byteLength(e.r.body),
      (e) => {
        if (e.r.delaySeconds > 900) return `InvalidParameterValue: DelaySeconds ${e.r.delaySeconds} > 900`;
        this.send(e.r.body, e.r.delaySeconds);
        return undefined;
      },
    );
  }

  /** One batch API: per call at most 10 entries and 256 KiB, each entry applied or failed on its own. */
  private batchCall<T extends { message: QueueMessage }>(
    operation: string,
    entries: readonly T[],
    bytes: (entry: T) => number,
    apply: (entry: T) => string | undefined,
  ): EntryFailure[] {
    const failures: EntryFailure[] = [];
    for (const batch of sqsBatches(entries, bytes)) {
      this.calls[operation] = (this.calls[operation] ?? 0) + 1;
      const total = batch.reduce((n, e) => n + bytes(e), 0);
      if (batch.length > SQS_BATCH_ENTRIES || (batch.length > 1 && total > SQS_BATCH_BYTES))
        throw new Error(`${operation}: TooManyEntriesInBatchRequest or BatchRequestTooLong`);
      for (const entry of batch) {
        const id = entry.message.messageId;
        const injected =
          this.failEntries.delete(id) ||
          (this.options.random?.() ?? 1) < (this.options.entryFailureRate ?? 0);
        const error = injected ? "InternalError: entry failed" : apply(entry);
        if (error) failures.push({ messageId: id, error });
      }
    }
    return failures;
  }

  private countPoller(operation: string, messages: number): void {
    if (messages > 0)
      this.pollerCalls[operation] =
        (this.pollerCalls[operation] ?? 0) + Math.ceil(messages / SQS_BATCH_ENTRIES);
  }

  private remove(messageId: string): void {
    this.messages = this.messages.filter((m) => m.messageId !== messageId);
  }
}
