import type { OnboardingSettings } from "../settings.js";
import type { AccountDirectory, WorkQueue } from "./ports.js";
import { type ReconcileTrigger, type RunRef, scopeOf, type WorkItem } from "./work-item.js";

export interface CoordinatorDeps {
  settings: Pick<OnboardingSettings, "regions" | "accounts">;
  queue: WorkQueue;
  now: () => Date;
  /** Organization mode: the units' accounts (AWS Organizations), listed at every run. */
  directory?: AccountDirectory;
}

/** One account x region a run reconciles: a region of the home account (`account` absent) or of a member. */
export type Target = Pick<WorkItem, "region" | "account">;

/** A target as given: a region of the home account, or an account x region. */
const targetOf = (t: string | Target): Target => (typeof t === "string" ? { region: t } : t);

/** A new run over the targets (one scope each; a bare region is the home account's). */
export function newRun(trigger: ReconcileTrigger, targets: readonly (string | Target)[], now: Date): RunRef {
  const startedAt = now.toISOString();
  return {
    id: `${startedAt}-${trigger}`,
    trigger,
    startedAt,
    scopes: targets.map((t) => scopeOf(targetOf(t))),
  };
}

/** The first page's item of every scope of the run. */
export const firstItems = (run: RunRef, targets: readonly (string | Target)[]): WorkItem[] =>
  targets.map((t) => ({ run, ...targetOf(t), page: 0 }));

/**
 * The account x region pairs a run covers: every onboarded region of the home account, then of each member
 * account (in its own `regions` when it names some, among the onboarded ones). Members: the listed accounts, or
 * in Organization mode the units' ACTIVE accounts now (an account that left the units is no longer reconciled,
 * and its instances keep their tags); the home account is never a member.
 */
export async function runTargets(deps: Pick<CoordinatorDeps, "settings" | "directory">): Promise<Target[]> {
  const { regions, accounts } = deps.settings;
  const targets: Target[] = regions.map((region) => ({ region }));
  if (!accounts) return targets;
  let members = accounts.members.map((m) => ({ id: m.id, regions: m.regions }));
  if (accounts.units.length > 0) {
    if (!deps.directory)
      throw new Error("reconcile: accounts.organization is set but no account directory is");
    const ids = await deps.directory.activeAccounts(accounts.units);
    members = ids.filter((id) => id !== accounts.home).map((id) => ({ id, regions: [] }));
  }
  for (const m of members)
    for (const region of regions)
      if (m.regions.length === 0 || m.regions.includes(region)) targets.push({ region, account: m.id });
  return targets;
}

/**
 * Starts a reconcile run: only enqueues one work item per account x region (a SendMessageBatch per 10); the
 * workers do the rest, page by page. Calls no EC2 or SSM API (in Organization mode, only the Organizations
 * listing), so its duration does not grow with the fleet.
 * @throws what the queue or the directory throws (the handler decides whether that fails the invocation)
 */
export async function startRun(
  trigger: ReconcileTrigger,
  deps: CoordinatorDeps,
): Promise<{ run: RunRef; items: WorkItem[] }> {
  const targets = await runTargets(deps);
  const run = newRun(trigger, targets, deps.now());
  const items = firstItems(run, targets);
  await deps.queue.enqueue(items);
  return { run, items };
}
