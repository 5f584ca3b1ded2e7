import { chunk, groupBy, SSM_BATCH } from "./chunk.js";
import { attemptsTag, mayStillRegister, type Plan, plan } from "./decide.js";
import { documentParameters } from "./document.js";
import { isRetryable } from "./errors.js";
import type { Instance } from "./instance.js";
import type { Outcome } from "./outcome.js";
import type { RegionPorts } from "./ports.js";
import type { OnboardingSettings } from "./settings.js";
import { type TagKeys, tagKeys } from "./tags.js";

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

async function uninstallAll(pass: Pass, keys: TagKeys, instances: Instance[], out: Outcome[]) {
  const params = documentParameters("uninstall", pass.settings.exporter);
  for (const slice of chunk(instances, SSM_BATCH)) {
    await guarded(slice, out, async () => {
      const ids = slice.map((i) => i.id);
      const commandId = await pass.ports.commands.send(ids, params);
      // Scraping stops now; the status and command tags go when the uninstall reports success.
      await pass.ports.tagger.untag(ids, [keys.scrape, keys.group, keys.nodeExporter]);
      await pass.ports.tagger.tag(ids, {
        [keys.status]: "uninstalling",
        [keys.command]: commandId,
        [keys.since]: pass.now.toISOString(),
      });
      for (const i of slice) out.push(outcome(i, "uninstalling", commandId));
    });
  }
}

async function installAll(pass: Pass, keys: TagKeys, items: Planned<"install">[], out: Outcome[]) {
  const { settings, now, ports } = pass;
  const candidates = items.map((i) => i.instance);
  const online = new Set<string>();
  let inFlight = new Set<string>();
  let ok = false;
  await guarded(candidates, out, async () => {
    inFlight = await ports.commands.inFlight();
    const pending = candidates.filter((i) => !inFlight.has(i.id));
    for (const ids of chunk(
      pending.map((i) => i.id),
      SSM_BATCH,
    ))
      for (const id of await ports.nodes.online(ids)) online.add(id);
    ok = true;
  });
  if (!ok) return;
  const ready: Planned<"install">[] = [];
  const neverRegistered: Instance[] = [];
  for (const item of items) {
    const { instance } = item;
    if (inFlight.has(instance.id))
      out.push(outcome(instance, "unchanged", "a fleetwatch command is in flight"));
    else if (online.has(instance.id)) ready.push(item);
    else if (mayStillRegister(instance, settings, now))
      out.push(outcome(instance, "waiting", "not Online with SSM yet"));
    else if (instance.tags[keys.status] === "unmanaged")
      out.push(outcome(instance, "unchanged", "still unmanaged"));
    else neverRegistered.push(instance);
  }
  await tagUnmanaged(pass, keys, neverRegistered, out);
  for (const group of groupBy(ready, (i) => String(i.plan.attempt)).values()) {
    const attempt = group[0]?.plan.attempt ?? 1;
    for (const slice of chunk(
      group.map((i) => i.instance),
      SSM_BATCH,
    )) {
      await guarded(slice, out, async () => {
        const ids = slice.map((i) => i.id);
        const commandId = await ports.commands.send(ids, documentParameters("install", settings.exporter));
        await ports.tagger.tag(ids, {
          [keys.status]: "installing",
          [keys.reason]: "",
          [keys.command]: commandId,
          [keys.since]: now.toISOString(),
          [keys.attempts]: attemptsTag(attempt, settings.exporter.version),
        });
        for (const i of slice) out.push(outcome(i, "installing", commandId));
      });
    }
  }
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
  for (const instance of instances) {
    const p = plan(instance, pass.settings, keys, pass.now);
    if (p.kind === "none") out.push(outcome(instance, p.why === "not-running" ? "gone" : "unchanged", p.why));
    else if (p.kind === "mark") marks.push({ instance, plan: p });
    else if (p.kind === "regroup") regroups.push({ instance, plan: p });
    else if (p.kind === "uninstall") uninstalls.push(instance);
    else installs.push({ instance, plan: p });
  }
  await markAll(pass, keys, marks, out);
  await regroupAll(pass, keys, regroups, out);
  await uninstallAll(pass, keys, uninstalls, out);
  if (installs.length > 0) await installAll(pass, keys, installs, out);
  return out;
}
