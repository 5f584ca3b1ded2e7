import { applyPlans } from "./apply.js";
import { chunk, EC2_BATCH, groupBy } from "./chunk.js";
import { isRetryable } from "./errors.js";
import type { Instance, InstanceRef } from "./instance.js";
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
 * refs are looked at once; ids AWS no longer knows are `gone`; a throttled describe makes the region `retry`.
 */
export async function onboardInstances(
  refs: readonly InstanceRef[],
  deps: OnboardingDeps,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const [region, inRegion] of groupBy(refs, (r) => r.region)) {
    const ids = [...new Set(inRegion.map((r) => r.id))];
    const ports = deps.ports(region);
    let described: Instance[];
    try {
      described = [];
      for (const slice of chunk(ids, EC2_BATCH)) described.push(...(await ports.instances.describe(slice)));
    } catch (error) {
      if (!isRetryable(error)) throw error;
      out.push(
        ...ids.map((id) => ({ id, region, kind: "retry" as const, detail: (error as Error).message })),
      );
      continue;
    }
    const known = new Set(described.map((i) => i.id));
    for (const id of ids) if (!known.has(id)) out.push({ id, region, kind: "gone", detail: "not found" });
    out.push(...(await applyPlans({ ports, settings: deps.settings, now: deps.now() }, described)));
  }
  return out;
}
