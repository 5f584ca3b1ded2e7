import type { MessageQueue, QueueMessage } from "@fleetwatch/onboarding";
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
 * `maxReceiveCount` times goes to the dead-letter queue.
 */
export class FakeQueue implements MessageQueue {
  private messages: Stored[] = [];
  private seq = 0;
  readonly deadLetters: { body: string; reason: string }[] = [];

  constructor(
    private readonly clock: FakeClock,
    readonly options: {
      visibilityTimeoutS: number;
      maxReceiveCount: number;
      batchSize: number;
      windowS: number;
      /** SQS DelaySeconds: a new message is invisible this long. */
      delayS?: number;
    },
  ) {}

  send(body: string): void {
    const id = `msg-${++this.seq}`;
    this.messages.push({
      messageId: id,
      receiptHandle: `${id}/0`,
      body,
      receiveCount: 0,
      visibleAt: this.clock.millis + (this.options.delayS ?? 0) * 1000,
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
    return out;
  }

  /** Deletes the batch's messages but the failed ones (Lambda's partial batch response). */
  settle(batch: readonly QueueMessage[], failed: ReadonlySet<string>): void {
    for (const m of batch) if (!failed.has(m.messageId)) this.remove(m.messageId);
  }

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    const m = this.messages.find((x) => x.receiptHandle === receiptHandle);
    if (!m) throw new Error(`ReceiptHandleIsInvalid: ${receiptHandle}`);
    m.visibleAt = this.clock.millis + seconds * 1000;
  }

  async deadLetter(message: QueueMessage, reason: string): Promise<void> {
    this.deadLetters.push({ body: message.body, reason });
    this.remove(message.messageId);
  }

  private remove(messageId: string): void {
    this.messages = this.messages.filter((m) => m.messageId !== messageId);
  }
}
