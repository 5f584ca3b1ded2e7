import { chunk, EC2_BATCH, groupBy, SSM_BATCH } from "./chunk.js";
import { mayStillRegister, type Plan, plan } from "./decide.js";
import { documentParameters } from "./document.js";
import { isRetryable } from "./errors.js";
import type { Instance } from "./instance.js";
import type { Outcome } from "./outcome.js";
import type { RegionPorts } from "./ports.js";
import type { OnboardingSettings } from "./settings.js";
import { managedKeys, type TagKeys, tagKeys } from "./tags.js";

/** The context of one pass over the instances of one region. */
export interface Pass {
  ports: RegionPorts;
  settings: OnboardingSettings;
  now: Date;
}

type Planned<P extends Plan["kind"]> = { instance: Instance; plan: Extract<Plan, { kind: P }> };

const outcome = (instance: Instance, kind: Outcome["kind"], detail?: string): Outcome => ({
  id: instance.id,
  region: instance.region,
  kind,
  ...(detail ? { detail } : {}),
});

/** Runs `step`; a throttled call turns the instances it was for into `retry` outcomes instead of failing the pass. */
async function guarded(instances: Instance[], out: Outcome[], step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (!isRetryable(error)) throw error;
    for (const instance of instances) out.push(outcome(instance, "retry", (error as Error).message));
  }
}

async function markAll(pass: Pass, keys: TagKeys, items: Planned<"mark">[], out: Outcome[]) {
  for (const group of groupBy(items, (i) => `${i.plan.status}/${i.plan.reason}`).values()) {
    const first = group[0] as Planned<"mark">;
    const instances = group.map((i) => i.instance);
    await guarded(instances, out, async () => {
      await pass.ports.tagger.tag(
        instances.map((i) => i.id),
        {
          [keys.status]: first.plan.status,
          [keys.reason]: first.plan.reason,
          [keys.since]: pass.now.toISOString(),
        },
      );
      for (const i of instances) out.push(outcome(i, "marked", `${first.plan.status}: ${first.plan.reason}`));
    });
  }
}

async function regroupAll(pass: Pass, keys: TagKeys, items: Planned<"regroup">[], out: Outcome[]) {
  for (const group of groupBy(items, (i) => i.plan.group).values()) {
    const instances = group.map((i) => i.instance);
    await guarded(instances, out, async () => {
      await pass.ports.tagger.tag(
        instances.map((i) => i.id),
        { [keys.group]: group[0]?.plan.group ?? "" },
      );
      for (const i of instances) out.push(outcome(i, "unchanged", "group tag updated"));
    });
  }
}

async function forgetAll(pass: Pass, keys: TagKeys, instances: Instance[], out: Outcome[]) {
  for (const slice of chunk(instances, EC2_BATCH)) {
    await guarded(slice, out, async () => {
      await pass.ports.tagger.untag(
        slice.map((i) => i.id),
        managedKeys(keys),
      );
      for (const i of slice) out.push(outcome(i, "unchanged", "opted out: fleetwatch tags removed"));
    });
  }
}

/**
 * Writes the reservation tags first (`installing` / `uninstalling` with its `since`), then sends by
 * 50. A later pass that sees the reservation within the install timeout sends nothing, even if this pass dies
 * after the send; a send that fails leaves the reservation to expire after the bound, then reconcile sends again.
 */
async function reserveThenSend(
  pass: Pass,
  instances: Instance[],
  reservation: Record<string, string>,
  action: "install" | "uninstall",
  out: Outcome[],
): Promise<void> {
  const reserved: Instance[] = [];
  for (const slice of chunk(instances, EC2_BATCH)) {
    await guarded(slice, out, async () => {
      await pass.ports.tagger.tag(
        slice.map((i) => i.id),
        reservation,
      );
      reserved.push(...slice);
    });
  }
  const unsent: Instance[] = [];
  for (const slice of chunk(reserved, SSM_BATCH)) {
    // The instances' region: its mirror is the one they can reach.
    const params = documentParameters(action, pass.settings.exporter, (slice[0] as Instance).region);
    const before = out.length;
    await guarded(slice, out, async () => {
      const commandId = await pass.ports.commands.send(
        slice.map((i) => i.id),
        params,
      );
      for (const i of slice)
        out.push(outcome(i, action === "install" ? "installing" : "uninstalling", commandId));
    });
    if (out.length > before && out[before]?.kind === "retry") unsent.push(...slice);
  }
  await expire(pass, unsent);
}

/**
 * Expires the reservations of instances whose send failed, so the retry of their message sends at once
 * instead of waiting for the install timeout. Should this write fail too, the timeout still frees them.
 */
async function expire(pass: Pass, instances: Instance[]): Promise<void> {
  if (instances.length === 0) return;
  const keys = tagKeys(pass.settings.tagPrefix);
  await guarded([], [], () =>
    pass.ports.tagger.tag(
      instances.map((i) => i.id),
      { [keys.since]: EXPIRED },
    ),
  );
}

/** A `since` older than any bound. */
const EXPIRED = new Date(0).toISOString();

/** Instances with a fleetwatch command still running, or undefined when SSM throttled the question. */
async function inFlightOf(
  pass: Pass,
  instances: Instance[],
  out: Outcome[],
): Promise<Set<string> | undefined> {
  let inFlight: Set<string> | undefined;
  await guarded(instances, out, async () => {
    inFlight = await pass.ports.commands.inFlight();
  });
  if (!inFlight) return undefined;
  const running = inFlight;
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
  if (stopped.length > 0)
    await guarded([], out, () =>
      pass.ports.tagger.untag(
        stopped.map((i) => i.id),
        [keys.scrape, keys.group, keys.nodeExporter],
      ),
    );
}

async function installAll(pass: Pass, keys: TagKeys, items: Planned<"install">[], out: Outcome[]) {
  const { settings, now, ports } = pass;
  const online = new Set<string>();
  let asked = false;
  await guarded(
    items.map((i) => i.instance),
    out,
    async () => {
      for (const ids of chunk(
        items.map((i) => i.instance.id),
        SSM_BATCH,
      ))
        for (const id of await ports.nodes.online(ids)) online.add(id);
      asked = true;
    },
  );
  if (!asked) return;
  const registered = items.filter((i) => online.has(i.instance.id));
  // Asked only when something is about to be sent: SSM's own record of commands still running.
  const inFlight =
    registered.length > 0
      ? await inFlightOf(
          pass,
          registered.map((i) => i.instance),
          out,
        )
      : new Set<string>();
  if (!inFlight) return;
  const ready: Planned<"install">[] = registered.filter((i) => !inFlight.has(i.instance.id));
  const neverRegistered: Instance[] = [];
  for (const item of items) {
    const { instance } = item;
    if (online.has(instance.id)) continue;
    if (mayStillRegister(instance, settings, now))
      out.push(outcome(instance, "waiting", "not Online with SSM yet"));
    else if (instance.tags[keys.status] === "unmanaged")
      out.push(outcome(instance, "unchanged", "still unmanaged"));
    else neverRegistered.push(instance);
  }
  await tagUnmanaged(pass, keys, neverRegistered, out);
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
  if (instances.length === 0) return;
  await guarded(instances, out, async () => {
    await pass.ports.tagger.tag(
      instances.map((i) => i.id),
      {
        [keys.status]: "unmanaged",
        [keys.reason]: "ssm-not-registered",
        [keys.since]: pass.now.toISOString(),
      },
    );
    for (const i of instances) out.push(outcome(i, "unmanaged", "ssm-not-registered"));
  });
}

/**
 * One pass over described instances of one region: plan each from its tags, then act in batches (one tag set
 * per CreateTags, 50 ids per SendCommand and DescribeInstanceInformation).
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
  if (installs.length > 0) await installAll(pass, keys, installs, out);
  return out;
}
