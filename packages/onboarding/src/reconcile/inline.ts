import type { Instance } from "../instance.js";
import type { OnboardingDeps } from "../onboard.js";
import type { Outcome } from "../outcome.js";
import type { GroupResult } from "../security-group.js";
import { type StatusSummary, statusSummary } from "../status-summary.js";
import { tagKeys } from "../tags.js";
import { countGroups, countOutcomes, reconcileInstances } from "./pass.js";

/** What a whole-fleet reconcile found and did, per outcome kind, and the regions it could not finish. */
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
 * Every running instance of every configured region, page after page, in one call: the shape the reconcile
 * Lambda had before it fanned out (tests, the simulation and the benchmark's baseline use it; its duration grows
 * with the fleet, which is why the Lambdas run `reconcilePage` per page instead). A region that fails is
 * reported; the others still run.
 */
export async function reconcile(deps: OnboardingDeps): Promise<ReconcileReport> {
  const outcomes: Outcome[] = [];
  const failedRegions: ReconcileReport["failedRegions"] = [];
  const groups: GroupResult[] = [];
  const seen: Instance[] = [];
  const started = deps.now();
  for (const region of deps.settings.regions) {
    const ports = deps.ports(region);
    let token: string | undefined;
    try {
      do {
        const page = await ports.instances.runningPage(token);
        seen.push(...page.instances);
        const pass = await reconcileInstances(ports, deps, page.instances);
        outcomes.push(...pass.outcomes);
        groups.push(...pass.groups);
        token = page.nextToken;
      } while (token);
    } catch (error) {
      failedRegions.push({ region, error: (error as Error).message });
    }
  }
  const failed = new Set(failedRegions.map((f) => f.region));
  const counted = seen.filter((i) => !failed.has(i.region));
  const keys = tagKeys(deps.settings.tagPrefix);
  const status = statusSummary(counted, outcomes, keys, started, [...failed]);
  return {
    counts: countOutcomes(outcomes),
    outcomes,
    failedRegions,
    securityGroups: countGroups(groups),
    status,
  };
}
