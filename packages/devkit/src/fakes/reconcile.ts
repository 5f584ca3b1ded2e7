import {
  chunk,
  type PageReport,
  parseWorkItem,
  RECONCILE_TUNING,
  reconcilePage,
  type StatusPart,
  type StatusStore,
  type StatusSummary,
  type WorkerDeps,
  type WorkItem,
  type WorkQueue,
  workItemBody,
} from "@fleetwatch/onboarding";
import {
  ONBOARDING_STATUS_KEY,
  type PartName,
  parsePartKey,
  partKey,
  runPrefix,
} from "@fleetwatch/state-layout";

interface Stored {
  id: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

/**
 * The reconcile's SQS work queue as Lambda's event source sees it (batch size 1): SendMessageBatch takes 10
 * entries per call, a received item is hidden for the visibility timeout and comes back unless deleted, an item
 * received `maxReceiveCount` times goes to the dead-letter queue (redrive, no reason). Calls are counted as the
 * SDK makes them.
 */
export class FakeWorkQueue implements WorkQueue {
  readonly calls: Record<string, number> = {};
  readonly deadLetters: { body: string; reason: string }[] = [];
  /** Every item ever enqueued, in order. */
  readonly sent: WorkItem[] = [];
  /** SendMessageBatch calls that fail (after counting) before the next one succeeds. */
  failNext = 0;
  private messages: Stored[] = [];
  private seq = 0;

  constructor(
    private readonly clock: { millis: number },
    private readonly visibilityMs = 6 * RECONCILE_TUNING.workerTimeoutSeconds * 1000,
  ) {}

  private count(op: string): void {
    this.calls[op] = (this.calls[op] ?? 0) + 1;
  }

  async enqueue(items: readonly WorkItem[]): Promise<void> {
    for (const slice of chunk(items, RECONCILE_TUNING.enqueueBatch)) {
      this.count("sqs:SendMessageBatch");
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error("sqs:SendMessageBatch failed: ServiceUnavailable");
      }
      for (const item of slice) {
        this.sent.push(item);
        this.messages.push({
          id: `w-${++this.seq}`,
          body: workItemBody(item),
          receiveCount: 0,
          visibleAt: this.clock.millis,
        });
      }
    }
  }

  async deadLetter(body: string, reason: string): Promise<void> {
    this.count("sqs:SendMessage");
    this.deadLetters.push({ body, reason });
  }

  /** Lambda's poller: the next visible message, hidden for the visibility timeout (redrive past the limit). */
  receive(): { id: string; body: string; receiveCount: number } | undefined {
    const now = this.clock.millis;
    for (const m of this.messages) {
      if (m.visibleAt > now) continue;
      if (m.receiveCount >= RECONCILE_TUNING.maxReceiveCount) {
        this.delete(m.id);
        this.deadLetters.push({ body: m.body, reason: "maxReceiveCount (redrive)" });
        return this.receive();
      }
      m.receiveCount++;
      m.visibleAt = now + this.visibilityMs;
      return { id: m.id, body: m.body, receiveCount: m.receiveCount };
    }
    return undefined;
  }

  /** Lambda deletes a message its invocation finished without error. */
  delete(id: string): void {
    this.messages = this.messages.filter((m) => m.id !== id);
  }

  get depth(): number {
    return this.messages.length;
  }

  /** When the next hidden message shows again (for a simulation to jump to). */
  nextVisibleAt(): number | undefined {
    const times = this.messages.map((m) => m.visibleAt);
    return times.length ? Math.min(...times) : undefined;
  }
}

/** The state bucket under `onboarding/`, as S3 behaves for the reconcile's status (strong read-after-write). */
export class FakeStatusStore implements StatusStore {
  readonly objects = new Map<string, string>();
  readonly calls: Record<string, number> = {};
  /** Every summary ever published, in order. */
  readonly history: StatusSummary[] = [];
  /** PutObject calls that fail before the next one succeeds. */
  failPuts = 0;

  private count(op: string): void {
    this.calls[op] = (this.calls[op] ?? 0) + 1;
  }

  private put(key: string, value: unknown): void {
    this.count("s3:PutObject");
    if (this.failPuts > 0) {
      this.failPuts--;
      throw new Error("s3:PutObject failed: AccessDenied");
    }
    this.objects.set(key, JSON.stringify(value));
  }

  async putPart(part: StatusPart): Promise<void> {
    this.put(partKey(part), part);
  }

  async partNames(runId: string): Promise<PartName[]> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(runPrefix(runId)));
    for (let i = 0; i < Math.max(1, Math.ceil(keys.length / 1000)); i++) this.count("s3:ListBucket");
    return keys.flatMap((k) => parsePartKey(k) ?? []);
  }

  async readParts(names: readonly PartName[]): Promise<StatusPart[]> {
    return names.flatMap((n) => {
      this.count("s3:GetObject");
      const body = this.objects.get(partKey(n));
      return body ? [JSON.parse(body) as StatusPart] : [];
    });
  }

  async published(): Promise<StatusSummary | undefined> {
    this.count("s3:GetObject");
    const body = this.objects.get(ONBOARDING_STATUS_KEY);
    return body ? (JSON.parse(body) as StatusSummary) : undefined;
  }

  async publish(summary: StatusSummary): Promise<void> {
    this.put(ONBOARDING_STATUS_KEY, summary);
    this.history.push(summary);
  }

  totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }
}

/**
 * Lambda's event source over the work queue, one invocation at a time: each visible item to `reconcilePage`;
 * a `retry` leaves it hidden for the visibility timeout (the clock jumps there when nothing else is visible), any
 * other report deletes it. Returns the reports in order.
 */
export async function drainWork(
  queue: FakeWorkQueue,
  deps: WorkerDeps,
  clock: { millis: number; advance(ms: number): void },
  options: { maxInvocations?: number; beforeEach?: (item: WorkItem, receiveCount: number) => void } = {},
): Promise<PageReport[]> {
  const reports: PageReport[] = [];
  for (let n = 0; n < (options.maxInvocations ?? 10_000); n++) {
    let message = queue.receive();
    if (!message) {
      const at = queue.nextVisibleAt();
      if (at === undefined) break;
      clock.advance(Math.max(0, at - clock.millis));
      message = queue.receive();
      if (!message) continue;
    }
    const item = parseWorkItem(message.body);
    options.beforeEach?.(item, message.receiveCount);
    const report = await reconcilePage(item, deps, {
      receiveCount: message.receiveCount,
      maxReceiveCount: RECONCILE_TUNING.maxReceiveCount,
    });
    reports.push(report);
    if (report.kind !== "retry") queue.delete(message.id);
  }
  return reports;
}
