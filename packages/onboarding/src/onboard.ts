import { admission, canonicalRef, inAccount, instanceKey, scopeKey } from "./accounts.js";
import { applyPlans, failureOutcome } from "./apply.js";
import { chunk, groupBy } from "./chunk.js";
import type { Instance, InstanceRef } from "./instance.js";
import { isolate } from "./isolate.js";
import { EC2_BATCH } from "./limits.js";
import type { WithMembership } from "./membership.js";
import type { Outcome } from "./outcome.js";
import type { PortsFor } from "./ports.js";
import type { OnboardingSettings } from "./settings.js";

export interface OnboardingDeps extends WithMembership {
  ports: PortsFor;
  settings: OnboardingSettings;
  now: () => Date;
}

/**
 * Onboards the instances events named: one DescribeInstances per 1,000 ids and account x region, then one pass
 * each. Duplicate refs are looked at once; ids AWS no longer knows are `gone`; a throttled describe makes its ids
 * `retry`; a describe AWS refuses is narrowed down to the ids it refuses (`refused`), the others go on. Refs of an
 * account that is not a member are `not-member` (never described); an account whose role cannot be assumed makes
 * its own refs `account-unreachable`, and the other accounts go on. `answered`: what SSM already answered in
 * this pass, Online or not, by {@link instanceKey} (see `askReadiness`): not asked again.
 */
export async function onboardInstances(
  refs: readonly InstanceRef[],
  deps: OnboardingDeps,
  answered: ReadonlyMap<string, boolean> = new Map(),
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  const canonical = refs.map((r) => canonicalRef(r, deps.settings));
  for (const inScope of groupBy(canonical, scopeKey).values()) {
    const { region, account } = inScope[0] as InstanceRef;
    const where = { region, ...(account ? { account } : {}) };
    const ids = [...new Set(inScope.map((r) => r.id))];
    const admitted = admission(where, deps.settings, deps.unitAccounts);
    if (!admitted.admitted) {
      for (const id of ids) out.push({ id, ...where, kind: "not-member", detail: admitted.reason });
      continue;
    }
    const ports = deps.ports(region, account);
    const described: Instance[] = [];
    const asked = new Set<string>();
    for (const slice of chunk(ids, EC2_BATCH)) {
      const result = await isolate(slice, async (part) => {
        described.push(...inAccount(await ports.instances.describe(part), account));
      });
      for (const id of result.done) asked.add(id);
      for (const { item, error } of result.failed) out.push(failureOutcome({ id: item, ...where }, error));
    }
    const known = new Set(described.map((i) => i.id));
    for (const id of asked) if (!known.has(id)) out.push({ id, ...where, kind: "gone", detail: "not found" });
    const ssm = new Map<string, boolean>();
    for (const id of ids) {
      const online = answered.get(instanceKey({ id, ...where }));
      if (online !== undefined) ssm.set(id, online);
    }
    const pass = { ports, settings: deps.settings, now: deps.now(), answered: ssm };
    out.push(...(await applyPlans(pass, described)));
  }
  return out;
}
