import type { PortsFor, RegionPorts, StatusStore, WorkQueue } from "@fleetwatch/onboarding";
import type { FakeAws } from "./aws";
import type { FakeClock } from "./clock";
import type { FakeStatusStore, FakeWorkQueue } from "./reconcile";

/**
 * Simulated time for concurrent async code: `sleep` resolves when `run` advances the fake clock to it. Between
 * two timers every runnable continuation runs first (a macrotask turn drains the microtasks), so passes that
 * overlap in simulated time interleave their calls as they would in AWS.
 */
export class VirtualTime {
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  constructor(readonly clock: FakeClock) {}

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = { at: this.clock.millis + Math.max(0, ms), seq: ++this.seq, resolve };
      let i = this.timers.length;
      while (i > 0 && (this.timers[i - 1]?.at ?? 0) > timer.at) i--;
      this.timers.splice(i, 0, timer);
    });
  }

  /** Advances timer by timer until `done()` holds after a turn, or no timer is left. */
  async run(done: () => boolean): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done()) return;
      const next = this.timers.shift();
      if (!next) return;
      this.clock.advance(next.at - this.clock.millis);
      next.resolve();
    }
  }
}

/** Milliseconds one request of an operation takes, and the SDK's wait before retry `k` of a call (1-based). */
export interface LatencyModel {
  attemptMs(operation: string): number;
  backoffMs(retry: number): number;
}

/** Calls (SDK attempts) per label, e.g. per reconcile run or per handler. */
export type CallLedger = Map<string, number>;

/** What a fake counts per operation: requests made, and (for the SDK's retries) which of them were retries. */
export interface Counted {
  calls: Record<string, number>;
  retries?: Record<string, number>;
}

/**
 * Runs `call` (which reaches the fake synchronously and counts its requests), then sleeps for each request's
 * latency plus the SDK's backoff before each retry; charges the requests to `label`.
 */
export async function timed<T>(
  vt: VirtualTime,
  model: LatencyModel,
  counted: Counted,
  operation: string,
  ledger: CallLedger,
  label: string,
  call: () => Promise<T>,
  /** The latency model's key when it differs from the counted operation (a page vs a describe by ids). */
  latencyKey = operation,
): Promise<T> {
  const before = counted.calls[operation] ?? 0;
  const retriedBefore = counted.retries?.[operation] ?? 0;
  const pending = call();
  const requests = Math.max(1, (counted.calls[operation] ?? 0) - before);
  const retries = (counted.retries?.[operation] ?? 0) - retriedBefore;
  ledger.set(label, (ledger.get(label) ?? 0) + requests);
  const ms = requests * model.attemptMs(latencyKey) + retries * model.backoffMs(1);
  try {
    return await pending;
  } finally {
    await vt.sleep(ms);
  }
}

/** The fake's ports with every call taking its modelled time, and its attempts charged to `label`. */
export function latentPorts(
  aws: FakeAws,
  vt: VirtualTime,
  model: LatencyModel,
  ledger: CallLedger,
  label: string,
): PortsFor {
  return (region) => {
    // Each label is its own function's containers: its own copy of the ledger it last wrote.
    const p: RegionPorts = aws.portsOf(label)(region);
    const t = <T>(op: string, call: () => Promise<T>, key = op) =>
      timed(vt, model, aws, op, ledger, label, call, key);
    return {
      instances: {
        describe: (ids) => t("ec2:DescribeInstances", () => p.instances.describe(ids)),
        runningPage: (token) =>
          t("ec2:DescribeInstances", () => p.instances.runningPage(token), "ec2:DescribeInstances#page"),
      },
      nodes: { online: (ids) => t("ssm:DescribeInstanceInformation", () => p.nodes.online(ids)) },
      commands: {
        send: (ids, params) => t("ssm:SendCommand", () => p.commands.send(ids, params)),
        inFlight: () => t("ssm:ListCommands", () => p.commands.inFlight()),
      },
      tagger: {
        tag: (ids, tags) => t("ec2:CreateTags", () => p.tagger.tag(ids, tags)),
        untag: (ids, keys) => t("ec2:DeleteTags", () => p.tagger.untag(ids, keys)),
      },
      interfaces: {
        setGroups: (id, groups) =>
          t("ec2:ModifyNetworkInterfaceAttribute", () => p.interfaces.setGroups(id, groups)),
      },
      // A conditional PutObject against the copy last written (a GetObject more when another pass wrote since).
      reservations: {
        reserve: (claims, holder, now, until) =>
          t("s3:PutObject", () => p.reservations.reserve(claims, holder, now, until)),
        release: (ids, holder, now) => t("s3:PutObject", () => p.reservations.release(ids, holder, now)),
      },
    };
  };
}

/** A work queue whose calls take their modelled time, charged to `label`. */
export function latentQueue(
  queue: FakeWorkQueue,
  vt: VirtualTime,
  model: LatencyModel,
  ledger: CallLedger,
  label: string,
): WorkQueue {
  const t = <T>(op: string, call: () => Promise<T>) => timed(vt, model, queue, op, ledger, label, call);
  return {
    enqueue: (items) => t("sqs:SendMessageBatch", () => queue.enqueue(items)),
    deadLetter: (body, reason) => t("sqs:SendMessage", () => queue.deadLetter(body, reason)),
  };
}

/** A status store whose calls take their modelled time, charged to `label`. */
export function latentStatus(
  store: FakeStatusStore,
  vt: VirtualTime,
  model: LatencyModel,
  ledger: CallLedger,
  label: string,
): StatusStore {
  const t = <T>(op: string, call: () => Promise<T>) => timed(vt, model, store, op, ledger, label, call);
  return {
    putPart: (part) => t("s3:PutObject", () => store.putPart(part)),
    partNames: (runId) => t("s3:ListBucket", () => store.partNames(runId)),
    readParts: (names) => t("s3:GetObject", () => store.readParts(names)),
    published: () => t("s3:GetObject", () => store.published()),
    publish: (summary) => t("s3:PutObject", () => store.publish(summary)),
  };
}
