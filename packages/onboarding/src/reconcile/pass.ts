import { applyPlans } from "../apply.js";
import type { Instance } from "../instance.js";
import type { OnboardingDeps } from "../onboard.js";
import type { Outcome } from "../outcome.js";
import type { RegionPorts } from "../ports.js";
import { type GroupResult, syncGroups, wantsGroup } from "../security-group.js";
import { tagKeys } from "../tags.js";

/** What one reconcile pass over some running instances of one region did. */
export interface PassResult {
  outcomes: Outcome[];
  groups: GroupResult[];
}

/**
 * The reconcile's state machine over described instances of one region: the onboarding plans (backfill,
 * upgrades, stuck `installing`, opt-outs), then fleetwatch's security group where it should change.
 */
export async function reconcileInstances(
  ports: RegionPorts,
  deps: OnboardingDeps,
  instances: readonly Instance[],
): Promise<PassResult> {
  const keys = tagKeys(deps.settings.tagPrefix);
  const outcomes = await applyPlans({ ports, settings: deps.settings, now: deps.now() }, instances);
  const items = instances.flatMap((instance) => {
    const want = wantsGroup(instance, deps.settings, keys);
    return want === "keep" ? [] : [{ instance, want }];
  });
  const groups = await syncGroups(ports, deps.settings, keys, items);
  return { outcomes, groups };
}

/** Outcomes per kind. */
export function countOutcomes(outcomes: readonly Outcome[]): Partial<Record<Outcome["kind"], number>> {
  const counts: Partial<Record<Outcome["kind"], number>> = {};
  for (const o of outcomes) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

/** Security group results per kind (refusals and no-ops with their detail). */
export function countGroups(groups: readonly GroupResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const g of groups) {
    const key = g.kind === "refused" || g.kind === "unchanged" ? `${g.kind}:${g.detail}` : g.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
