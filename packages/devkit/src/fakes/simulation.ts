import {
  type BatchDeps,
  type BatchResult,
  handleCommandResults,
  handleStateChanges,
  MAX_RECEIVE_COUNT,
  type OnboardingSettings,
  type QueueMessage,
  type ReconcileReport,
  reconcile,
} from "@fleetwatch/onboarding";
import { FakeAws, type FakeInstanceSpec, lambdaPrincipal, stateChangeEvent } from "./aws";
import { FakeClock, seededRandom } from "./clock";
import { FakeQueue } from "./queue";

export interface LaunchSpec extends FakeInstanceSpec {
  /** When the instance is launched, from the start of the run. */
  launchAtMs: number;
  /** When a user tags it `<prefix>ignore=true`, from its launch. */
  optOutAfterMs?: number;
}

export interface Scenario {
  seed: number;
  launches: LaunchSpec[];
  settings: OnboardingSettings;
  throttleRate?: number;
  /** Attempts per call the SDK makes before a throttle reaches the code (1 unless said). */
  sdkAttempts?: number;
  /** Throttling stops this long after the start. */
  throttleUntilMs?: number;
  tagLagMs?: number;
  /** Probability that EventBridge delivers an event twice. */
  duplicateRate?: number;
  /** Deliveries are delayed up to this much, so they arrive out of order. */
  maxDeliveryDelayMs?: number;
  /** Queue batching (the stack's are in QUEUE_TUNING): batch size, windows, the launch queue's delivery delay. */
  batchSize?: number;
  windowS?: number;
  resultWindowS?: number;
  launchDelayS?: number;
  /** Reconcile runs at these offsets from the start. */
  reconcileAtMs?: number[];
  /** Probability that one entry of an SQS batch call fails on its own (in the call's `Failed[]`). */
  queueEntryFailureRate?: number;
  /** Each reconcile runs while the queues' handlers of the same tick are in flight (their calls interleave). */
  concurrentReconcile?: boolean;
  /**
   * Member accounts where the StackSet put the member role, trusting the three onboarding Lambdas; default every
   * member of `settings.accounts`. A member left out has no role: AssumeRole is denied there.
   */
  memberRoles?: string[];
}

/** The onboarding Lambdas, their queues and EventBridge, run against the fake AWS on a simulated clock. */
export class Simulation {
  readonly clock = new FakeClock();
  readonly random: () => number;
  readonly aws: FakeAws;
  readonly launchQueue: FakeQueue;
  readonly resultQueue: FakeQueue;
  readonly invocations = { onboard: 0, complete: 0, reconcile: 0 };
  readonly start: number;
  readonly reports: ReconcileReport[] = [];
  private deliveries: { at: number; queue: FakeQueue; body: string }[] = [];
  /** When each instance was launched (clock millis). */
  readonly launchedAt = new Map<string, number>();
  private launched = new Set<string>();
  private optedOut = new Set<string>();
  private eventSeq = 0;

  constructor(readonly scenario: Scenario) {
    this.random = seededRandom(scenario.seed);
    this.start = this.clock.millis;
    this.aws = new FakeAws({
      clock: this.clock,
      random: this.random,
      throttleRate: scenario.throttleRate ?? 0,
      sdkAttempts: scenario.sdkAttempts ?? 1,
      throttleUntil: this.start + (scenario.throttleUntilMs ?? Number.POSITIVE_INFINITY),
      tagLagMs: scenario.tagLagMs ?? 2_000,
    });
    this.aws.documentName = scenario.settings.documentName;
    const members = scenario.settings.accounts?.members.map((m) => m.id) ?? [];
    const trusted = ["launch", "complete", "reconcile"].map(lambdaPrincipal);
    for (const account of scenario.memberRoles ?? members) this.aws.putMemberRole(account, trusted);
    const batching = {
      visibilityTimeoutS: 60,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      batchSize: scenario.batchSize ?? 1000,
      windowS: scenario.windowS ?? 20,
      entryFailureRate: scenario.queueEntryFailureRate ?? 0,
      random: this.random,
    };
    this.launchQueue = new FakeQueue(this.clock, { ...batching, delayS: scenario.launchDelayS ?? 0 });
    this.resultQueue = new FakeQueue(this.clock, {
      ...batching,
      windowS: scenario.resultWindowS ?? batching.windowS,
    });
  }

  /** A Lambda's dependencies: `container` names the function (each keeps its own ledger copy). */
  private deps(queue: FakeQueue, container: string): BatchDeps {
    return {
      ports: this.aws.portsOf(container),
      settings: this.scenario.settings,
      now: this.clock.now,
      queue,
      log: { warn: () => undefined },
    };
  }

  /** EventBridge: at-least-once, possibly late, possibly twice. */
  private publish(queue: FakeQueue, body: unknown): void {
    const copies = this.random() < (this.scenario.duplicateRate ?? 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delay = Math.floor(this.random() * (this.scenario.maxDeliveryDelayMs ?? 0));
      this.deliveries.push({ at: this.clock.millis + delay, queue, body: JSON.stringify(body) });
    }
  }

  private async invoke(queue: FakeQueue, handler: (m: QueueMessage[], d: BatchDeps) => Promise<BatchResult>) {
    const batch = queue.receive();
    if (batch.length === 0) return;
    try {
      const result = await handler(
        batch,
        this.deps(queue, queue === this.launchQueue ? "launch" : "complete"),
      );
      queue.settle(batch, new Set(result.batchItemFailures.map((f) => f.itemIdentifier)));
    } catch {
      // The whole batch failed: Lambda leaves every message for the visibility timeout.
    }
  }

  private async tick(): Promise<void> {
    const now = this.clock.millis;
    for (const l of this.scenario.launches) {
      if (!this.launched.has(l.id) && now - this.start >= l.launchAtMs) {
        this.launched.add(l.id);
        this.launchedAt.set(l.id, now);
        this.aws.launch(l);
        const id = `ev-${++this.eventSeq}`;
        const account = this.aws.accountOf(l.id);
        this.publish(this.launchQueue, stateChangeEvent(l.id, l.region, "pending", now, `${id}-p`, account));
        this.publish(this.launchQueue, stateChangeEvent(l.id, l.region, "running", now, id, account));
      }
      const optOut = l.optOutAfterMs;
      if (
        optOut !== undefined &&
        this.launched.has(l.id) &&
        !this.optedOut.has(l.id) &&
        now - this.start >= l.launchAtMs + optOut
      ) {
        this.optedOut.add(l.id);
        this.aws.userTag(l.id, { [`${this.scenario.settings.tagPrefix}ignore`]: "true" });
      }
    }
    for (const e of this.aws.drainResults()) this.publish(this.resultQueue, e.body);
    const due = this.deliveries.filter((d) => d.at <= now);
    this.deliveries = this.deliveries.filter((d) => d.at > now);
    for (const d of due) d.queue.send(d.body);
    while (this.launchQueue.shouldInvoke()) {
      this.invocations.onboard++;
      await this.invoke(this.launchQueue, handleStateChanges);
    }
    while (this.resultQueue.shouldInvoke()) {
      this.invocations.complete++;
      await this.invoke(this.resultQueue, handleCommandResults);
    }
  }

  /** Runs until `durationMs` from the start, ticking every `tickMs`, with reconciles at their offsets. */
  async run(durationMs: number, tickMs = 5_000): Promise<void> {
    const reconciles = [...(this.scenario.reconcileAtMs ?? [])].sort((a, b) => a - b);
    while (this.clock.millis - this.start <= durationMs) {
      let due = 0;
      while (reconciles.length > 0 && this.clock.millis - this.start >= (reconciles[0] as number)) {
        reconciles.shift();
        due++;
      }
      const runReconciles = async () => {
        for (let i = 0; i < due; i++) {
          this.invocations.reconcile++;
          this.reports.push(await reconcile(this.deps(this.launchQueue, "reconcile")));
        }
      };
      if (this.scenario.concurrentReconcile) await Promise.all([this.tick(), runReconciles()]);
      else {
        await this.tick();
        await runReconciles();
      }
      this.clock.advance(tickMs);
    }
  }

  /**
   * Every AWS call fleetwatch's code made: EC2, SSM and STS (each SDK attempt counted), S3 and SQS
   * (ChangeMessageVisibilityBatch, SendMessageBatch), by API.
   */
  callsByApi(): Record<string, number> {
    return sumCalls([this.aws.calls, this.launchQueue.calls, this.resultQueue.calls]);
  }

  /** The calls Lambda's SQS poller made for the consumers (ReceiveMessage, DeleteMessageBatch), by API. */
  pollerCallsByApi(): Record<string, number> {
    return sumCalls([this.launchQueue.pollerCalls, this.resultQueue.pollerCalls]);
  }

  /** Whether nothing is left to deliver or process. */
  get quiet(): boolean {
    return this.deliveries.length === 0 && this.launchQueue.depth === 0 && this.resultQueue.depth === 0;
  }
}

function sumCalls(counts: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) for (const [api, n] of Object.entries(c)) out[api] = (out[api] ?? 0) + n;
  return out;
}

/** The total of a by-API count. */
export const total = (calls: Record<string, number>): number =>
  Object.values(calls).reduce((a, b) => a + b, 0);
