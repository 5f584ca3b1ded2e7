import { completeCommands } from "./complete.js";
import { MalformedEventError } from "./errors.js";
import { type CommandResult, parseCommandResult, parseStateChange } from "./events.js";
import type { InstanceRef } from "./instance.js";
import { type OnboardingDeps, onboardInstances } from "./onboard.js";
import type { Outcome } from "./outcome.js";

/** A queue message as the handler hands it over (an SQS record, trimmed). */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** How often the message was received, this time included (SQS ApproximateReceiveCount). */
  receiveCount: number;
}

/** The queue the messages came from: delays retries, dead-letters what can never be processed. */
export interface MessageQueue {
  /** Makes a message visible again after `seconds` (SQS ChangeMessageVisibility). */
  delay(receiptHandle: string, seconds: number): Promise<void>;
  /** Puts the message on the dead-letter queue with its reason (it is then acknowledged). */
  deadLetter(message: QueueMessage, reason: string): Promise<void>;
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
 * collected for 2 minutes, so a fleet's results are tagged with a few CreateTags.
 */
export const QUEUE_TUNING = {
  batchSize: 1000,
  launchDelaySeconds: 90,
  launchWindowSeconds: 30,
  resultWindowSeconds: 120,
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

/** Parses every message; malformed ones are dead-lettered with the reason and logged, never retried. */
async function parseAll<T>(
  messages: readonly QueueMessage[],
  parse: (body: string) => T,
  deps: BatchDeps,
): Promise<{ message: QueueMessage; value: T }[]> {
  const parsed: { message: QueueMessage; value: T }[] = [];
  for (const message of messages) {
    try {
      parsed.push({ message, value: parse(message.body) });
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      deps.log.warn("dead-lettering a malformed message", {
        messageId: message.messageId,
        reason: error.message,
      });
      await deps.queue.deadLetter(message, error.message);
    }
  }
  return parsed;
}

/** Leaves the messages on the queue, each visible again after its backoff. */
async function retry(messages: QueueMessage[], deps: BatchDeps): Promise<BatchResult> {
  const unique = [...new Map(messages.map((m) => [m.messageId, m])).values()];
  for (const m of unique)
    await deps.queue.delay(m.receiptHandle, retryDelaySeconds(m.receiveCount, deps.now()));
  return { batchItemFailures: unique.map((m) => ({ itemIdentifier: m.messageId })) };
}

const refKey = (r: InstanceRef) => `${r.region}/${r.id}`;

/** One batch of EC2 state-change events: onboard every running instance named; retry those not ready yet. */
export async function handleStateChanges(
  messages: readonly QueueMessage[],
  deps: BatchDeps,
): Promise<BatchResult> {
  const parsed = (await parseAll(messages, parseStateChange, deps)).filter(
    (p) => p.value.state === "running",
  );
  const outcomes = await onboardInstances(
    parsed.map((p) => p.value),
    deps,
  );
  const again = new Set(outcomes.filter((o) => o.kind === "waiting" || o.kind === "retry").map(refKey));
  await deadLetterRefused(parsed, outcomes, deps);
  return retry(
    parsed.filter((p) => again.has(refKey(p.value))).map((p) => p.message),
    deps,
  );
}

/**
 * Dead-letters the messages of instances AWS refused for good (`refused` outcomes), with the refusal as the
 * reason: neither retried until the receives run out nor dropped silently.
 */
async function deadLetterRefused(
  parsed: readonly { message: QueueMessage; value: InstanceRef }[],
  outcomes: readonly Outcome[],
  deps: BatchDeps,
): Promise<void> {
  const refused = new Map(outcomes.filter((o) => o.kind === "refused").map((o) => [refKey(o), o]));
  for (const { message, value } of parsed) {
    const o = refused.get(refKey(value));
    if (!o) continue;
    const reason = `${value.id} refused by ${o.refusal?.operation}: ${o.refusal?.code} (${o.refusal?.message})`;
    deps.log.warn("dead-lettering the message of a refused instance", {
      messageId: message.messageId,
      reason,
    });
    await deps.queue.deadLetter(message, reason);
  }
}

/** One batch of SSM command results: tag installed / failed / uninstalled; retry what was throttled. */
export async function handleCommandResults(
  messages: readonly QueueMessage[],
  deps: BatchDeps,
): Promise<BatchResult> {
  const parsed = await parseAll(messages, parseCommandResult, deps);
  const completions = await completeCommands(
    parsed.map((p) => p.value),
    deps,
  );
  const key = (r: Pick<CommandResult, "id" | "region" | "commandId">) => `${r.region}/${r.id}/${r.commandId}`;
  const again = new Set(completions.filter((c) => c.kind === "retry").map(key));
  return retry(
    parsed.filter((p) => again.has(key(p.value))).map((p) => p.message),
    deps,
  );
}
