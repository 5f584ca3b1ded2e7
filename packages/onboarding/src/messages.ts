import { completeCommands } from "./complete.js";
import { MalformedEventError } from "./errors.js";
import { type CommandResult, parseCommandResult, parseStateChange } from "./events.js";
import type { InstanceRef } from "./instance.js";
import { type OnboardingDeps, onboardInstances } from "./onboard.js";

/** A queue message as the handler hands it over (an SQS record, trimmed). */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** How often the message was received, this time included (SQS ApproximateReceiveCount). */
  receiveCount: number;
}

/** A message to make visible again after `seconds` (one entry of ChangeMessageVisibilityBatch). */
export interface VisibilityChange {
  message: QueueMessage;
  seconds: number;
}

/** A message for the dead-letter queue, with why it can never be processed (one entry of SendMessageBatch). */
export interface DeadLetter {
  message: QueueMessage;
  reason: string;
}

/** An entry of a batch call that did not take effect: refused in the call's `Failed[]`, or the call failed. */
export interface EntryFailure {
  messageId: string;
  /** AWS's code and message, or the failed call's error. */
  error: string;
}

/**
 * The queue the messages came from: delays retries, dead-letters what can never be processed. Both take any
 * number of entries (the adapter sends them 10 per call) and return the entries that did not take effect, so
 * the caller can leave those messages on the queue: nothing is lost when a call or an entry fails.
 */
export interface MessageQueue {
  /** Makes each message visible again after its delay (SQS ChangeMessageVisibilityBatch). */
  delay(changes: readonly VisibilityChange[]): Promise<EntryFailure[]>;
  /** Puts each message on the dead-letter queue with its reason (SQS SendMessageBatch). */
  deadLetter(letters: readonly DeadLetter[]): Promise<EntryFailure[]>;
}

/** Logs what happened to a message; Powertools' logger fits. */
export interface MessageLog {
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface BatchDeps extends OnboardingDeps {
  queue: MessageQueue;
  log: MessageLog;
}

/** The messages left on the queue for another try (Lambda's partial batch response). */
export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

/** Base and ceiling of the retry delay: 30 s, 60 s, 120 s, ... at most 5 minutes. */
export const RETRY_BASE_SECONDS = 30;
export const RETRY_MAX_SECONDS = 300;

/**
 * How the queues feed the Lambdas (the stack applies these; the benchmark simulates them). Launch events wait
 * 90 s before they are first visible: SSM agents register 30-90 s after `running`, so most instances are ready
 * on the first pass instead of needing a retry. Up to 1,000 events share a pass (30 s window); results are
 * collected for 30 s: a burst's results still share a few passes (one DescribeInstances and a CreateTags per tag
 * set each), and an instance is tagged about a minute after its install ends (2 minutes cost 80 s of p95
 * latency in bench:onboarding for 0.005 fewer calls per instance).
 */
export const QUEUE_TUNING = {
  batchSize: 1000,
  launchDelaySeconds: 90,
  launchWindowSeconds: 30,
  resultWindowSeconds: 30,
} as const;

/**
 * Receives before SQS moves a message to the dead-letter queue: at the 5-minute ceiling about 2 hours of
 * retries, far beyond the SSM readiness bound, so only a message that keeps failing lands there.
 */
export const MAX_RECEIVE_COUNT = 24;

/**
 * Exponential backoff by receive count (the first receive waits the base), rounded up to the next whole
 * multiple of the base on the clock: messages waiting for SSM become visible at the same instants, so their
 * retries share a batch (one Describe, one DescribeInstanceInformation per 50) instead of one pass each.
 */
export function retryDelaySeconds(receiveCount: number, now: Date): number {
  const backoff = Math.min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** Math.max(0, receiveCount - 1));
  const nowS = now.getTime() / 1000;
  return Math.ceil((nowS + backoff) / RETRY_BASE_SECONDS) * RETRY_BASE_SECONDS - nowS;
}

/** A message parsed into what its handler works on. */
interface Parsed<T> {
  message: QueueMessage;
  value: T;
}

/**
 * Parses every message; malformed ones are dead-lettered with the reason (one batch call) and logged, never
 * retried. A dead-letter that did not take effect leaves its message on the queue (`undelivered`): it comes back
 * and is dead-lettered then, or the queue's redrive moves it after MAX_RECEIVE_COUNT receives.
 */
async function parseAll<T>(
  messages: readonly QueueMessage[],
  parse: (body: string) => T,
  deps: BatchDeps,
): Promise<{ parsed: Parsed<T>[]; undelivered: QueueMessage[] }> {
  const parsed: Parsed<T>[] = [];
  const letters: DeadLetter[] = [];
  for (const message of messages) {
    try {
      parsed.push({ message, value: parse(message.body) });
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      deps.log.warn("dead-lettering a malformed message", {
        messageId: message.messageId,
        reason: error.message,
      });
      letters.push({ message, reason: error.message });
    }
  }
  if (letters.length === 0) return { parsed, undelivered: [] };
  const failed = await settled("dead-letter", letters, () => deps.queue.deadLetter(letters), deps);
  return {
    parsed,
    undelivered: letters.filter((l) => failed.has(l.message.messageId)).map((l) => l.message),
  };
}

/**
 * The message ids of a queue call's entries that did not take effect, each logged; a call that throws counts
 * as every entry failed (the queue's own timeouts then do the work, so no error escapes to fail the batch).
 */
async function settled(
  what: string,
  entries: readonly { message: QueueMessage }[],
  send: () => Promise<EntryFailure[]>,
  deps: BatchDeps,
): Promise<Set<string>> {
  let failures: EntryFailure[];
  try {
    failures = await send();
  } catch (error) {
    failures = entries.map((e) => ({ messageId: e.message.messageId, error: (error as Error).message }));
  }
  for (const f of failures)
    deps.log.warn(`${what} did not take effect; the message stays on the queue`, { ...f });
  return new Set(failures.map((f) => f.messageId));
}

/**
 * Leaves the messages on the queue, each visible again after its backoff (one batch call). A message whose
 * delay failed is still reported as a failure: it comes back after the queue's visibility timeout instead.
 */
async function retry(messages: readonly QueueMessage[], deps: BatchDeps): Promise<BatchResult> {
  const unique = [...new Map(messages.map((m) => [m.messageId, m])).values()];
  if (unique.length > 0) {
    const now = deps.now();
    const changes = unique.map((message) => ({
      message,
      seconds: retryDelaySeconds(message.receiveCount, now),
    }));
    await settled("delay", changes, () => deps.queue.delay(changes), deps);
  }
  return { batchItemFailures: unique.map((m) => ({ itemIdentifier: m.messageId })) };
}

const refKey = (r: InstanceRef) => `${r.region}/${r.id}`;

/** One batch of EC2 state-change events: onboard every running instance named; retry those not ready yet. */
export async function handleStateChanges(
  messages: readonly QueueMessage[],
  deps: BatchDeps,
): Promise<BatchResult> {
  const { parsed: all, undelivered } = await parseAll(messages, parseStateChange, deps);
  const parsed = all.filter((p) => p.value.state === "running");
  const outcomes = await onboardInstances(
    parsed.map((p) => p.value),
    deps,
  );
  const again = new Set(outcomes.filter((o) => o.kind === "waiting" || o.kind === "retry").map(refKey));
  // One message per instance stays for the retry: a duplicate delivery is acknowledged (one delay entry less).
  const retried = new Map<string, QueueMessage>();
  for (const p of parsed) {
    const key = refKey(p.value);
    if (again.has(key) && !retried.has(key)) retried.set(key, p.message);
  }
  return retry([...undelivered, ...retried.values()], deps);
}

/** One batch of SSM command results: tag installed / failed / uninstalled; retry what was throttled. */
export async function handleCommandResults(
  messages: readonly QueueMessage[],
  deps: BatchDeps,
): Promise<BatchResult> {
  const { parsed, undelivered } = await parseAll(messages, parseCommandResult, deps);
  const completions = await completeCommands(
    parsed.map((p) => p.value),
    deps,
  );
  const key = (r: Pick<CommandResult, "id" | "region" | "commandId">) => `${r.region}/${r.id}/${r.commandId}`;
  const again = new Set(completions.filter((c) => c.kind === "retry").map(key));
  return retry(
    [...undelivered, ...parsed.filter((p) => again.has(key(p.value))).map((p) => p.message)],
    deps,
  );
}
