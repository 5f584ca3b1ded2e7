import { applyPlans, failureOutcome } from "./apply.js";
import { chunk, groupBy } from "./chunk.js";
import type { Instance, InstanceRef } from "./instance.js";
import { isolate } from "./isolate.js";
import { EC2_BATCH } from "./limits.js";
import type { Outcome } from "./outcome.js";
import type { PortsFor } from "./ports.js";
import type { OnboardingSettings } from "./settings.js";

export interface OnboardingDeps {
  ports: PortsFor;
  settings: OnboardingSettings;
  now: () => Date;
}

/**
 * Onboards the instances events named: one DescribeInstances per 1,000 ids and region, then one pass. Duplicate
 * refs are looked at once; ids AWS no longer knows are `gone`; a throttled describe makes its ids `retry`; a
 * describe AWS refuses is narrowed down to the ids it refuses (`refused`), the others go on.
 */
export async function onboardInstances(
  refs: readonly InstanceRef[],
  deps: OnboardingDeps,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const [region, inRegion] of groupBy(refs, (r) => r.region)) {
    const ids = [...new Set(inRegion.map((r) => r.id))];
    const ports = deps.ports(region);
    const described: Instance[] = [];
    const asked = new Set<string>();
    for (const slice of chunk(ids, EC2_BATCH)) {
      const result = await isolate(slice, async (part) => {
        described.push(...(await ports.instances.describe(part)));
      });
      for (const id of result.done) asked.add(id);
      for (const { item, error } of result.failed) out.push(failureOutcome({ id: item, region }, error));
    }
    const known = new Set(described.map((i) => i.id));
    for (const id of asked) if (!known.has(id)) out.push({ id, region, kind: "gone", detail: "not found" });
    out.push(...(await applyPlans({ ports, settings: deps.settings, now: deps.now() }, described)));
  }
  return out;
}
