import { MalformedEventError } from "./errors.js";
import type { OnboardingDeps } from "./onboard.js";

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

/** A new message for the consumed queue itself, invisible for `delaySeconds` (one entry of SendMessageBatch). */
export interface Requeued {
  /** The entry's id, echoed in an {@link EntryFailure}'s `messageId`. */
  id: string;
  body: string;
  /** At most 900 (SQS's DelaySeconds ceiling). */
  delaySeconds: number;
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
  /** Sends new messages to the consumed queue, each after its delay (SQS SendMessageBatch with DelaySeconds). */
  requeue(messages: readonly Requeued[]): Promise<EntryFailure[]>;
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
 * on the first pass instead of needing a retry. Up to 1,000 events share a pass, gathered for 60 s (a burst of
 * launches becomes one pass; 45 s split bench:onboarding's burst and cost 0.04 calls per instance more). Results
 * are gathered for 5 s: each pass costs one DescribeInstances and a CreateTags per tag set whatever its size, and
 * a longer window only delays the tag (30 s cost 16 s of p95 latency for no fewer calls).
 */
export const QUEUE_TUNING = {
  batchSize: 1000,
  launchDelaySeconds: 90,
  launchWindowSeconds: 60,
  resultWindowSeconds: 5,
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
export interface Parsed<T> {
  message: QueueMessage;
  value: T;
}

/**
 * Parses every message; malformed ones are dead-lettered with the reason (one batch call) and logged, never
 * retried. A dead-letter that did not take effect leaves its message on the queue (`undelivered`): it comes back
 * and is dead-lettered then, or the queue's redrive moves it after MAX_RECEIVE_COUNT receives.
 */
export async function parseAll<T>(
  messages: readonly QueueMessage[],
  parse: (message: QueueMessage) => T,
  deps: BatchDeps,
): Promise<{ parsed: Parsed<T>[]; undelivered: QueueMessage[] }> {
  const parsed: Parsed<T>[] = [];
  const letters: DeadLetter[] = [];
  for (const message of messages) {
    try {
      parsed.push({ message, value: parse(message) });
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      letters.push({ message, reason: error.message });
    }
  }
  const failed = await deadLetterAll("a malformed message", letters, deps);
  return {
    parsed,
    undelivered: letters.filter((l) => failed.has(l.message.messageId)).map((l) => l.message),
  };
}

/**
 * The message ids of a queue call's entries that did not take effect, each logged; a call that throws counts
 * as every entry failed (the queue's own timeouts then do the work, so no error escapes to fail the batch).
 */
export async function settled(
  what: string,
  ids: readonly string[],
  send: () => Promise<EntryFailure[]>,
  deps: Pick<BatchDeps, "log">,
): Promise<Set<string>> {
  let failures: EntryFailure[];
  try {
    failures = await send();
  } catch (error) {
    failures = ids.map((messageId) => ({ messageId, error: (error as Error).message }));
  }
  for (const f of failures)
    deps.log.warn(`${what} did not take effect; the message stays on the queue`, { ...f });
  return new Set(failures.map((f) => f.messageId));
}

/**
 * Dead-letters `letters` in one batch call, each logged as `dead-lettering <what>` with its reason; returns the
 * message ids whose letter did not take effect (their messages should stay on the queue).
 */
export async function deadLetterAll(
  what: string,
  letters: readonly DeadLetter[],
  deps: Pick<BatchDeps, "log" | "queue">,
): Promise<Set<string>> {
  if (letters.length === 0) return new Set();
  for (const l of letters)
    deps.log.warn(`dead-lettering ${what}`, { messageId: l.message.messageId, reason: l.reason });
  return settled(
    "dead-letter",
    letters.map((l) => l.message.messageId),
    () => deps.queue.deadLetter(letters),
    deps,
  );
}

/**
 * Leaves the messages on the queue, each visible again after its backoff (one batch call). A message whose
 * delay failed is still reported as a failure: it comes back after the queue's visibility timeout instead.
 */
export async function retry(messages: readonly QueueMessage[], deps: BatchDeps): Promise<BatchResult> {
  const unique = [...new Map(messages.map((m) => [m.messageId, m])).values()];
  if (unique.length > 0) {
    const now = deps.now();
    const changes = unique.map((message) => ({
      message,
      seconds: retryDelaySeconds(message.receiveCount, now),
    }));
    await settled(
      "delay",
      unique.map((m) => m.messageId),
      () => deps.queue.delay(changes),
      deps,
    );
  }
  return { batchItemFailures: unique.map((m) => ({ itemIdentifier: m.messageId })) };
}
