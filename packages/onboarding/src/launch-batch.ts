import { canonicalRef, instanceKey } from "./accounts.js";
import { CARRY_MAX_INSTANCES, carryBody, type LaunchItem, parseLaunchMessage } from "./carry.js";
import { chunk, groupBy } from "./chunk.js";
import type { InstanceRef } from "./instance.js";
import { withUnitAccounts } from "./membership.js";
import {
  type BatchDeps,
  type BatchResult,
  type DeadLetter,
  deadLetterAll,
  MAX_RECEIVE_COUNT,
  parseAll,
  type QueueMessage,
  type Requeued,
  retry,
  settled,
} from "./messages.js";
import { onboardInstances } from "./onboard.js";
import { needsRetry, refusalReason } from "./outcome.js";
import { askReadiness } from "./readiness.js";

/**
 * The cadence of carried instances: every minute for the first passes (an SSM agent registering late is
 * onboarded within a minute or so of registering, and every waiting instance shares the same pass), then
 * doubling up to 5 minutes for an instance that keeps coming back (throttling, another pass holding it).
 */
export const CARRY = {
  stepSeconds: 60,
  /** Passes at the step: 15 minutes, the default SSM readiness bound (`onboarding.ssmRegistrationTimeout`). */
  steadyPasses: 15,
  maxSeconds: 300,
  /** Passes after which an instance is dead-lettered with its last reason (as many as the queue's receives). */
  maxPasses: MAX_RECEIVE_COUNT,
} as const;

/**
 * Seconds until a carried instance's next pass, rounded up to the next whole step on the clock: instances
 * carried by different passes become visible at the same instants, so they share one pass.
 */
export function carryDelaySeconds(passes: number, now: Date): number {
  const extra = Math.max(0, passes - CARRY.steadyPasses);
  const backoff = Math.min(CARRY.maxSeconds, CARRY.stepSeconds * 2 ** extra);
  const nowS = now.getTime() / 1000;
  return Math.ceil((nowS + backoff) / CARRY.stepSeconds) * CARRY.stepSeconds - nowS;
}

/** An instance's launch item and the messages that named it in this batch. */
interface Named {
  ref: InstanceRef;
  passes: number;
  messages: QueueMessage[];
  /** When it was launched, when a pass carried it as waiting for SSM (see `askReadiness`). */
  launchedAt?: Date;
}

/** The running instances the messages name, by {@link instanceKey} (the home account's id made canonical). */
function byInstance(
  parsed: readonly { message: QueueMessage; value: LaunchItem[] }[],
  settings: BatchDeps["settings"],
): Map<string, Named> {
  const out = new Map<string, Named>();
  for (const { message, value } of parsed)
    for (const launched of value) {
      if (launched.state !== "running") continue;
      const item = canonicalRef(launched, settings);
      const key = instanceKey(item);
      const ref: InstanceRef = {
        id: item.id,
        region: item.region,
        ...(item.account ? { account: item.account } : {}),
      };
      const named = out.get(key) ?? { ref, passes: 0, messages: [] };
      named.passes = Math.max(named.passes, item.passes);
      // Gated only when every message naming it was a waiting carry: an EC2 event of its own is described at once.
      if (item.launchedAt && (named.messages.length === 0 || named.launchedAt))
        named.launchedAt = item.launchedAt;
      else delete named.launchedAt;
      if (!named.messages.includes(message)) named.messages.push(message);
      out.set(key, named);
    }
  return out;
}

/** The dead letter of one instance: its own message when the message names it alone, else a carried one. */
function letterOf(named: Named, reason: string, sole: (m: QueueMessage) => boolean): DeadLetter {
  const own = named.messages.find(sole);
  if (own) return { message: own, reason };
  const first = named.messages[0] as QueueMessage;
  return {
    message: {
      ...first,
      messageId: `${first.messageId}/${named.ref.id}`,
      body: carryBody([{ ...named.ref, passes: named.passes }]),
    },
    reason,
  };
}

/**
 * One batch of launch-queue messages (EC2 state-change events and carried instances): one onboarding pass over
 * every running instance named, per account x region (an event from an account that is not a member is logged
 * and acknowledged, never onboarded; in Organization mode the units' accounts are asked once per pass, see
 * `UnitMembership`). What must be looked at again (not Online with SSM yet, throttled, held by
 * another pass, its account's role not assumable yet) is carried in one new message per delay (SendMessageBatch), and the batch's messages are
 * acknowledged: one call per pass instead of one visibility change per waiting event. Instances AWS refused for
 * good, and those still coming back after {@link CARRY.maxPasses}, are dead-lettered with their reason. Should a
 * carry or a dead letter not take effect, the messages that named those instances stay on the queue instead
 * (retried by visibility), so nothing is lost.
 */
export async function handleStateChanges(
  messages: readonly QueueMessage[],
  batchDeps: BatchDeps,
): Promise<BatchResult> {
  const { parsed, undelivered } = await parseAll(
    messages,
    (m) => parseLaunchMessage(m.body, m.receiveCount),
    batchDeps,
  );
  const named = byInstance(parsed, batchDeps.settings);
  const deps = await withUnitAccounts(
    batchDeps,
    [...named.values()].map((n) => n.ref),
  );
  const waiting = [...named.values()].flatMap((n) =>
    n.launchedAt ? [{ ...n.ref, launchedAt: n.launchedAt }] : [],
  );
  const readiness = await askReadiness(waiting, deps);
  const fresh = [...named.values()].filter((n) => !n.launchedAt).map((n) => n.ref);
  const outcomes = [
    ...readiness.outcomes,
    ...(await onboardInstances([...fresh, ...readiness.proceed], deps, readiness.answered)),
  ];
  const sizes = new Map(parsed.map((p) => [p.message.messageId, p.value.length]));
  const sole = (m: QueueMessage) => sizes.get(m.messageId) === 1;
  const letters: { named: Named; letter: DeadLetter }[] = [];
  const carried: Carried[] = [];
  for (const o of outcomes) {
    const n = named.get(instanceKey(o));
    if (!n) continue;
    if (o.kind === "not-member")
      deps.log.warn("ignoring an instance of an account that is not a member", {
        id: o.id,
        reason: o.detail,
      });
    else if (o.kind === "refused") letters.push({ named: n, letter: letterOf(n, refusalReason(o), sole) });
    else if (needsRetry(o)) {
      if (n.passes + 1 <= CARRY.maxPasses) carried.push({ named: n, launchedAt: o.launchedAt });
      else {
        const reason = `${o.id} still ${o.kind} after ${CARRY.maxPasses} passes: ${o.detail ?? ""}`;
        letters.push({ named: n, letter: letterOf(n, reason, sole) });
      }
    }
  }
  const keep = [...(await deadLetterEach(letters, deps)), ...(await carry(carried, deps))].flatMap(
    (n) => n.messages,
  );
  return retry([...undelivered, ...keep], deps);
}

/** Dead-letters each instance's letter; returns the instances whose letter did not take effect. */
async function deadLetterEach(letters: { named: Named; letter: DeadLetter }[], deps: BatchDeps) {
  const failed = await deadLetterAll(
    "an instance's launch message",
    letters.map((l) => l.letter),
    deps,
  );
  return letters.filter((l) => failed.has(l.letter.message.messageId)).map((l) => l.named);
}

/** An instance to carry, with its launch time when it is waiting for SSM (its next pass asks SSM first). */
interface Carried {
  named: Named;
  launchedAt: Date | undefined;
}

/** Carries instances to a later pass, grouped by delay; returns those whose carried message was not sent. */
async function carry(instances: Carried[], deps: BatchDeps): Promise<Named[]> {
  if (instances.length === 0) return [];
  const now = deps.now();
  const entries: { requeued: Requeued; instances: Named[] }[] = [];
  for (const [delay, group] of groupBy(instances, (c) => String(carryDelaySeconds(c.named.passes + 1, now))))
    for (const slice of chunk(group, CARRY_MAX_INSTANCES))
      entries.push({
        requeued: {
          id: `carry-${entries.length}`,
          body: carryBody(
            slice.map(({ named: n, launchedAt }) => ({ ...n.ref, passes: n.passes + 1, launchedAt })),
          ),
          delaySeconds: Math.round(Number(delay)),
        },
        instances: slice.map((c) => c.named),
      });
  const requeued = entries.map((e) => e.requeued);
  const failed = await settled(
    "carry",
    requeued.map((r) => r.id),
    () => deps.queue.requeue(requeued),
    deps,
  );
  return entries.filter((e) => failed.has(e.requeued.id)).flatMap((e) => e.instances);
}
