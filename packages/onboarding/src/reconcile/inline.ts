import { inAccount } from "../accounts.js";
import { AccountUnreachableError } from "../errors.js";
import type { Instance } from "../instance.js";
import type { OnboardingDeps } from "../onboard.js";
import type { Outcome } from "../outcome.js";
import type { GroupResult } from "../security-group.js";
import { type StatusSummary, statusSummary, type UnreachableAccount } from "../status-summary.js";
import { tagKeys } from "../tags.js";
import { runTargets } from "./coordinator.js";
import { countGroups, countOutcomes, reconcileInstances } from "./pass.js";
import type { AccountDirectory } from "./ports.js";
import { scopeOf } from "./work-item.js";

/**
 * What a whole-fleet reconcile found and did, per outcome kind, the scopes it could not finish, and the member
 * accounts it could not enter.
 */
export interface ReconcileReport {
  counts: Partial<Record<Outcome["kind"], number>>;
  outcomes: Outcome[];
  /** Scopes that failed: `region` is the scope (`<region>`, or `<account>.<region>` in a member account). */
  failedRegions: { region: string; error: string }[];
  /** With `attachSecurityGroup`: what happened to fleetwatch's security group, per result kind and detail. */
  securityGroups: Record<string, number>;
  /** Running instances per status tag after the pass (the regions that failed are left out). */
  status: StatusSummary;
}

/**
 * Every running instance of every account x region (see `runTargets`), page after page, in one call: the shape the reconcile
 * Lambda had before it fanned out (tests, the simulation and the benchmark's baseline use it; its duration grows
 * with the fleet, which is why the Lambdas run `reconcilePage` per page instead). A region that fails is
 * reported, a member account that cannot be entered listed apart; the others still run.
 */
export async function reconcile(
  deps: OnboardingDeps & { directory?: AccountDirectory },
): Promise<ReconcileReport> {
  const outcomes: Outcome[] = [];
  const failedRegions: ReconcileReport["failedRegions"] = [];
  const unreachable = new Map<string, UnreachableAccount>();
  const groups: GroupResult[] = [];
  const seen: Instance[] = [];
  const started = deps.now();
  for (const target of await runTargets(deps)) {
    const ports = deps.ports(target.region, target.account);
    let token: string | undefined;
    try {
      do {
        const page = await ports.instances.runningPage(token);
        const instances = inAccount(page.instances, target.account);
        seen.push(...instances);
        const pass = await reconcileInstances(ports, deps, instances);
        outcomes.push(...pass.outcomes);
        groups.push(...pass.groups);
        token = page.nextToken;
      } while (token);
    } catch (error) {
      if (error instanceof AccountUnreachableError)
        unreachable.set(error.account, { account: error.account, code: error.code });
      else failedRegions.push({ region: scopeOf(target), error: (error as Error).message });
    }
  }
  const failed = new Set(failedRegions.map((f) => f.region));
  const counted = seen.filter((i) => !failed.has(scopeOf(i)));
  const keys = tagKeys(deps.settings.tagPrefix);
  const status = statusSummary(counted, outcomes, keys, started, [...failed], [...unreachable.values()]);
  return {
    counts: countOutcomes(outcomes),
    outcomes,
    failedRegions,
    securityGroups: countGroups(groups),
    status,
  };
}
