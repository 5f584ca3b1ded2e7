import { chunk, groupBy } from "./chunk.js";
import { attemptsAt, attemptsTag, mayStillRegister, type Plan, plan } from "./decide.js";
import { documentParameters } from "./document.js";
import { AccountUnreachableError, AwsCallError, isRetryable } from "./errors.js";
import type { Instance, InstanceRef } from "./instance.js";
import { type Isolated, isolate } from "./isolate.js";
import { EC2_BATCH, SSM_BATCH } from "./limits.js";
import type { Outcome } from "./outcome.js";
import type { RegionPorts } from "./ports.js";
import type { Claim } from "./reservations.js";
import type { OnboardingSettings } from "./settings.js";
import { managedKeys, type TagKeys, tagKeys } from "./tags.js";

/** The context of one pass over the instances of one region. */
export interface Pass {
  ports: RegionPorts;
  settings: OnboardingSettings;
  now: Date;
  /** Who holds this pass's reservations in the ledger; a new random id per pass unless given. */
  holder?: string;
  /** What SSM already answered in this pass, by id (`true`: Online; see `readiness.ts`): not asked again. */
  answered?: ReadonlyMap<string, boolean>;
}

type Planned<P extends Plan["kind"]> = { instance: Instance; plan: Extract<Plan, { kind: P }> };

const outcome = (instance: Instance, kind: Outcome["kind"], detail?: string): Outcome => ({
  id: instance.id,
  region: instance.region,
  ...(instance.account ? { account: instance.account } : {}),
  kind,
  ...(detail ? { detail } : {}),
});

/**
 * The outcome of an instance a call failed for: `refused` when AWS refused it for good, `account-unreachable`
 * when its account's role could not be assumed, else `retry`.
 */
export function failureOutcome(instance: InstanceRef, error: Error): Outcome {
  const ref = {
    id: instance.id,
    region: instance.region,
    ...(instance.account ? { account: instance.account } : {}),
  };
  if (error instanceof AccountUnreachableError)
    return { ...ref, kind: "account-unreachable", detail: error.message };
  if (!(error instanceof AwsCallError)) return { ...ref, kind: "retry", detail: error.message };
  return {
    ...ref,
    kind: "refused",
    detail: error.message,
    refusal: { operation: error.operation, code: error.code, message: error.message },
  };
}

/**
 * Runs a batched call for `instances` with per-instance isolation (see {@link isolate}); the instances it failed
 * for get their `retry` or `refused` outcome. Returns what the call took and what it failed for.
 */
async function isolated(
  instances: readonly Instance[],
  out: Outcome[],
  step: (slice: Instance[]) => Promise<void>,
): Promise<Isolated<Instance>> {
  const result = await isolate(instances, step);
  for (const { item, error } of result.failed) out.push(failureOutcome(item, error));
  return result;
}

async function markAll(pass: Pass, keys: TagKeys, items: Planned<"mark">[], out: Outcome[]) {
  for (const group of groupBy(items, (i) => `${i.plan.status}/${i.plan.reason}`).values()) {
    const first = group[0] as Planned<"mark">;
    await isolated(
      group.map((i) => i.instance),
      out,
      async (slice) => {
        await pass.ports.tagger.tag(
          slice.map((i) => i.id),
          {
            [keys.status]: first.plan.status,
            [keys.reason]: first.plan.reason,
            [keys.since]: pass.now.toISOString(),
          },
        );
        const { status, reason } = first.plan;
        for (const i of slice) out.push({ ...outcome(i, "marked"), status, reason });
      },
    );
  }
}

async function regroupAll(pass: Pass, keys: TagKeys, items: Planned<"regroup">[], out: Outcome[]) {
  for (const group of groupBy(items, (i) => i.plan.group).values()) {
    const { group: name } = (group[0] as Planned<"regroup">).plan;
    await isolated(
      group.map((i) => i.instance),
      out,
      async (slice) => {
        await pass.ports.tagger.tag(
          slice.map((i) => i.id),
          { [keys.group]: name },
        );
        for (const i of slice) out.push(outcome(i, "unchanged", "group tag updated"));
      },
    );
  }
}

async function forgetAll(pass: Pass, keys: TagKeys, instances: Instance[], out: Outcome[]) {
  for (const slice of chunk(instances, EC2_BATCH)) {
    await isolated(slice, out, async (part) => {
      await pass.ports.tagger.untag(
        part.map((i) => i.id),
        managedKeys(keys),
      );
      for (const i of part) out.push(outcome(i, "unchanged", "opted out: fleetwatch tags removed"));
    });
  }
}

/** The instance as a claim on the ledger: its tags say when its last command settled, if they do. */
function claimOf(instance: Instance, keys: TagKeys): Claim {
  const status = instance.tags[keys.status];
  // Stryker disable next-line StringLiteral: any string Date.parse cannot read gives NaN, as "" does
  const since = Date.parse(instance.tags[keys.since] ?? "");
  const settled = status !== "installing" && status !== "uninstalling" && Number.isFinite(since);
  return settled ? { id: instance.id, settledAt: new Date(since) } : { id: instance.id };
}

/** Reserves `instances` in the region's ledger; those another pass holds are `retry` (looked at again later). */
async function reserve(pass: Pass, instances: Instance[], out: Outcome[]): Promise<Instance[]> {
  if (instances.length === 0) return [];
  const keys = tagKeys(pass.settings.tagPrefix);
  let held: Set<string>;
  try {
    const until = new Date(pass.now.getTime() + pass.settings.installTimeoutMs);
    held = await pass.ports.reservations.reserve(
      instances.map((i) => claimOf(i, keys)),
      holderOf(pass),
      pass.now,
      until,
    );
  } catch (error) {
    if (!isRetryable(error)) throw error;
    for (const i of instances) out.push(outcome(i, "retry", (error as Error).message));
    return [];
  }
  // `retry`, not `unchanged`: should that pass's send fail without releasing them, the message still comes back.
  for (const i of instances.filter((x) => !held.has(x.id)))
    out.push(outcome(i, "retry", "reserved by another pass"));
  return instances.filter((i) => held.has(i.id));
}

const holders = new WeakMap<Pass, string>();
/** The pass's holder id (one per pass object when none was given). */
function holderOf(pass: Pass): string {
  if (pass.holder) return pass.holder;
  let id = holders.get(pass);
  if (!id) {
    id = globalThis.crypto.randomUUID();
    holders.set(pass, id);
  }
  return id;
}

/**
 * Reserves the instances in the region's ledger (concurrent passes see it at once, unlike tags), writes the
 * status tags (`installing` / `uninstalling` with its `since`: an instance that refuses tags gets no command),
 * then sends by 50. A send that fails releases its reservations and resets `since`, so the retry of its message
 * sends at once instead of waiting for the install timeout; should that fail too, the timeout frees them.
 * An instance SSM refuses for good is tagged `failed` (`aws-refused`, one attempt counted).
 */
async function reserveThenSend(
  pass: Pass,
  instances: Instance[],
  reservation: Record<string, string>,
  action: "install" | "uninstall",
  out: Outcome[],
): Promise<void> {
  const held = await reserve(pass, instances, out);
  const tagged: Instance[] = [];
  const untagged: Instance[] = [];
  for (const slice of chunk(held, EC2_BATCH)) {
    const r = await isolated(slice, out, (part) =>
      pass.ports.tagger.tag(
        part.map((i) => i.id),
        reservation,
      ),
    );
    tagged.push(...r.done);
    untagged.push(...r.failed.map((f) => f.item));
  }
  const unsent: Instance[] = [];
  const refused: Instance[] = [];
  for (const slice of chunk(tagged, SSM_BATCH)) {
    // The instances' region: its mirror is the one they can reach.
    const params = documentParameters(action, pass.settings.exporter, (slice[0] as Instance).region);
    const r = await isolated(slice, out, async (part) => {
      const commandId = await pass.ports.commands.send(
        part.map((i) => i.id),
        params,
      );
      for (const i of part)
        out.push(outcome(i, action === "install" ? "installing" : "uninstalling", commandId));
    });
    for (const f of r.failed) (f.error instanceof AwsCallError ? refused : unsent).push(f.item);
  }
  await release(pass, [...untagged, ...unsent, ...refused], unsent);
  await tagRefused(pass, refused, action);
}

/**
 * Releases the reservations of instances nothing was sent to and resets the `since` of those whose send failed
 * (`unsent`). Should these writes fail, the install timeout still frees them.
 */
async function release(pass: Pass, instances: Instance[], unsent: Instance[]): Promise<void> {
  if (instances.length === 0) return;
  const keys = tagKeys(pass.settings.tagPrefix);
  try {
    await pass.ports.reservations.release(
      instances.map((i) => i.id),
      holderOf(pass),
      pass.now,
    );
  } catch (error) {
    if (!isRetryable(error)) throw error;
  }
  await isolate(unsent, (slice) =>
    pass.ports.tagger.tag(
      slice.map((i) => i.id),
      { [keys.since]: EXPIRED },
    ),
  );
}

/** A `since` older than any bound. */
const EXPIRED = new Date(0).toISOString();

/**
 * Tags the instances SSM refused for good `failed` (`aws-refused`), counting an attempt: the reconcile tries
 * again once per release like a failed command, instead of on every pass. Best effort: the outcome is reported.
 */
async function tagRefused(pass: Pass, instances: Instance[], action: "install" | "uninstall"): Promise<void> {
  const keys = tagKeys(pass.settings.tagPrefix);
  const version = pass.settings.exporter.version;
  const byAttempts = groupBy(instances, (i) => String(attemptsAt(i.tags, keys, version)));
  for (const [attempts, group] of byAttempts)
    await isolate(group, (slice) =>
      pass.ports.tagger.tag(
        slice.map((i) => i.id),
        {
          [keys.status]: "failed",
          [keys.reason]: action === "install" ? "aws-refused" : "uninstall-failed",
          [keys.since]: pass.now.toISOString(),
          [keys.attempts]: attemptsTag(Number(attempts) + 1, version),
        },
      ),
    );
}

/** Instances with a fleetwatch command still running, or undefined when SSM throttled the question. */
async function inFlightOf(
  pass: Pass,
  instances: Instance[],
  out: Outcome[],
): Promise<Set<string> | undefined> {
  let running: Set<string>;
  try {
    running = await pass.ports.commands.inFlight();
  } catch (error) {
    if (!isRetryable(error)) throw error;
    for (const i of instances) out.push(outcome(i, "retry", (error as Error).message));
    return undefined;
  }
  for (const i of instances.filter((x) => running.has(x.id)))
    out.push(outcome(i, "unchanged", "a fleetwatch command is in flight"));
  return running;
}

async function uninstallAll(pass: Pass, keys: TagKeys, instances: Instance[], out: Outcome[]) {
  // An install still running finishes first; its result tags the instance and a later pass uninstalls.
  const inFlight = await inFlightOf(pass, instances, out);
  if (!inFlight) return;
  const idle = instances.filter((x) => !inFlight.has(x.id));
  const reservation = { [keys.status]: "uninstalling", [keys.since]: pass.now.toISOString() };
  await reserveThenSend(pass, idle, reservation, "uninstall", out);
  // Scraping stops now; the remaining tags go when the uninstall reports success.
  const sent = new Set(out.filter((o) => o.kind === "uninstalling").map((o) => o.id));
  const stopped = idle.filter((i) => sent.has(i.id));
  for (const slice of chunk(stopped, EC2_BATCH))
    await isolate(slice, (part) =>
      pass.ports.tagger.untag(
        part.map((i) => i.id),
        [keys.scrape, keys.group, keys.nodeExporter],
      ),
    );
}

/**
 * The instances among `items` whose SSM agent is Online, asked 50 at a time (those SSM already answered in this
 * pass are not asked again); those SSM failed for get outcomes and are returned as `failed`.
 */
async function onlineOf(
  pass: Pass,
  items: Instance[],
  out: Outcome[],
): Promise<{ online: Set<string>; failed: Isolated<Instance>["failed"] }> {
  const known = pass.answered ?? new Map<string, boolean>();
  const online = new Set(items.filter((i) => known.get(i.id) === true).map((i) => i.id));
  const failed: Isolated<Instance>["failed"] = [];
  const unknown = items.filter((i) => !known.has(i.id));
  for (const slice of chunk(unknown, SSM_BATCH)) {
    const r = await isolated(slice, out, async (part) => {
      for (const id of await pass.ports.nodes.online(part.map((i) => i.id))) online.add(id);
    });
    failed.push(...r.failed);
  }
  return { online, failed };
}

async function installAll(pass: Pass, keys: TagKeys, items: Planned<"install">[], out: Outcome[]) {
  const { settings, now } = pass;
  const { online, failed } = await onlineOf(
    pass,
    items.map((i) => i.instance),
    out,
  );
  const unanswered = new Set(failed.map((f) => f.item.id));
  const asked = items.filter((i) => !unanswered.has(i.instance.id));
  const refusedBySsm = failed.filter((f) => f.error instanceof AwsCallError).map((f) => f.item);
  const registered = asked.filter((i) => online.has(i.instance.id));
  // SSM's own record of commands still running, asked only about instances fleetwatch has sent to before (a
  // status tag): one never touched has none of fleetwatch's commands, and a concurrent pass's fresh send (its
  // tags not visible yet) is what the reservation ledger guards against.
  const touched = registered.filter((i) => i.instance.tags[keys.status] !== undefined);
  const inFlight =
    touched.length > 0
      ? await inFlightOf(
          pass,
          touched.map((i) => i.instance),
          out,
        )
      : new Set<string>();
  const neverRegistered: Instance[] = [];
  for (const { instance } of asked) {
    if (online.has(instance.id)) continue;
    if (mayStillRegister(instance, settings, now))
      out.push({
        ...outcome(instance, "waiting", "not Online with SSM yet"),
        launchedAt: instance.launchTime,
      });
    else if (instance.tags[keys.status] === "unmanaged")
      out.push(outcome(instance, "unchanged", "still unmanaged"));
    else neverRegistered.push(instance);
  }
  await tagUnmanaged(pass, keys, neverRegistered, out);
  await tagRefused(pass, refusedBySsm, "install");
  if (!inFlight) return;
  const ready = registered.filter((i) => !inFlight.has(i.instance.id));
  const reservation = { [keys.status]: "installing", [keys.reason]: "", [keys.since]: now.toISOString() };
  await reserveThenSend(
    pass,
    ready.map((i) => i.instance),
    reservation,
    "install",
    out,
  );
}

async function tagUnmanaged(pass: Pass, keys: TagKeys, instances: Instance[], out: Outcome[]) {
  for (const slice of chunk(instances, EC2_BATCH))
    await isolated(slice, out, async (part) => {
      await pass.ports.tagger.tag(
        part.map((i) => i.id),
        {
          [keys.status]: "unmanaged",
          [keys.reason]: "ssm-not-registered",
          [keys.since]: pass.now.toISOString(),
        },
      );
      for (const i of part) out.push({ ...outcome(i, "unmanaged"), reason: "ssm-not-registered" });
    });
}

/**
 * One pass over described instances of one region: plan each from its tags, then act in batches (one tag set
 * per CreateTags, 50 ids per SendCommand and DescribeInstanceInformation). One instance AWS refuses never fails
 * the others: batched calls are isolated per instance, and the instance gets its `retry` or `refused` outcome.
 */
export async function applyPlans(pass: Pass, instances: readonly Instance[]): Promise<Outcome[]> {
  const keys = tagKeys(pass.settings.tagPrefix);
  const out: Outcome[] = [];
  const marks: Planned<"mark">[] = [];
  const regroups: Planned<"regroup">[] = [];
  const installs: Planned<"install">[] = [];
  const uninstalls: Instance[] = [];
  const forgets: Instance[] = [];
  for (const instance of instances) {
    const p = plan(instance, pass.settings, keys, pass.now);
    if (p.kind === "none") out.push(outcome(instance, p.why === "not-running" ? "gone" : "unchanged", p.why));
    else if (p.kind === "mark") marks.push({ instance, plan: p });
    else if (p.kind === "regroup") regroups.push({ instance, plan: p });
    else if (p.kind === "uninstall") uninstalls.push(instance);
    else if (p.kind === "forget") forgets.push(instance);
    else installs.push({ instance, plan: p });
  }
  await markAll(pass, keys, marks, out);
  await regroupAll(pass, keys, regroups, out);
  await forgetAll(pass, keys, forgets, out);
  if (uninstalls.length > 0) await uninstallAll(pass, keys, uninstalls, out);
  await installAll(pass, keys, installs, out);
  return out;
}
