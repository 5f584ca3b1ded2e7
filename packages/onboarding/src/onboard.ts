import { applyPlans, failureOutcome } from "./apply.js";
import { chunk, EC2_BATCH, groupBy } from "./chunk.js";
import type { Instance, InstanceRef } from "./instance.js";
import { isolate } from "./isolate.js";
import type { Outcome } from "./outcome.js";
import type { PortsFor } from "./ports.js";
import { type GroupResult, syncGroups, wantsGroup } from "./security-group.js";
import type { OnboardingSettings } from "./settings.js";
import { type StatusSummary, statusSummary } from "./status-summary.js";
import { tagKeys } from "./tags.js";

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

/** What a reconcile pass found and did, per outcome kind, and the regions it could not finish. */
export interface ReconcileReport {
  counts: Partial<Record<Outcome["kind"], number>>;
  outcomes: Outcome[];
  failedRegions: { region: string; error: string }[];
  /** With `attachSecurityGroup`: what happened to fleetwatch's security group, per result kind and detail. */
  securityGroups: Record<string, number>;
  /** Running instances per status tag after the pass (the regions that failed are left out). */
  status: StatusSummary;
}

/**
 * Reconcile: every running instance of every configured region through the same state machine (backfill,
 * upgrades, stuck `installing`, opt-outs). A region that fails is reported; the others still run.
 */
export async function reconcile(deps: OnboardingDeps): Promise<ReconcileReport> {
  const outcomes: Outcome[] = [];
  const failedRegions: ReconcileReport["failedRegions"] = [];
  const groups: GroupResult[] = [];
  const keys = tagKeys(deps.settings.tagPrefix);
  const seen: Instance[] = [];
  const started = deps.now();
  for (const region of deps.settings.regions) {
    try {
      const ports = deps.ports(region);
      const running = await ports.instances.running();
      seen.push(...running);
      outcomes.push(...(await applyPlans({ ports, settings: deps.settings, now: deps.now() }, running)));
      const wanted = running.map((instance) => ({
        instance,
        want: wantsGroup(instance, deps.settings, keys),
      }));
      const items = wanted.flatMap((w) =>
        w.want === "keep" ? [] : [{ instance: w.instance, want: w.want }],
      );
      groups.push(...(await syncGroups(ports, deps.settings, keys, items)));
    } catch (error) {
      failedRegions.push({ region, error: (error as Error).message });
    }
  }
  const counts: ReconcileReport["counts"] = {};
  for (const o of outcomes) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  const securityGroups: Record<string, number> = {};
  for (const g of groups) {
    const key = g.kind === "refused" || g.kind === "unchanged" ? `${g.kind}:${g.detail}` : g.kind;
    securityGroups[key] = (securityGroups[key] ?? 0) + 1;
  }
  const failed = failedRegions.map((f) => f.region);
  const status = statusSummary(seen, outcomes, keys, started, failed);
  return { counts, outcomes, failedRegions, securityGroups, status };
}
