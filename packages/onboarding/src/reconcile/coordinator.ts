import type { OnboardingSettings } from "../settings.js";
import type { WorkQueue } from "./ports.js";
import { type ReconcileTrigger, type RunRef, scopeOf, type WorkItem } from "./work-item.js";

export interface CoordinatorDeps {
  settings: Pick<OnboardingSettings, "regions">;
  queue: WorkQueue;
  now: () => Date;
}

/** A new run over the configured regions (one scope each). */
export function newRun(trigger: ReconcileTrigger, regions: readonly string[], now: Date): RunRef {
  const startedAt = now.toISOString();
  return {
    id: `${startedAt}-${trigger}`,
    trigger,
    startedAt,
    scopes: regions.map((region) => scopeOf({ region })),
  };
}

/** The first page's item of every scope of the run. */
export const firstItems = (run: RunRef, regions: readonly string[]): WorkItem[] =>
  regions.map((region) => ({ run, region, page: 0 }));

/**
 * Starts a reconcile run: only enqueues one work item per region (a SendMessageBatch per 10); the workers do the
 * rest, page by page. Reads nothing and calls no EC2 or SSM API, so its duration does not grow with the fleet.
 * @throws what the queue throws (the handler decides whether that fails the invocation)
 */
export async function startRun(
  trigger: ReconcileTrigger,
  deps: CoordinatorDeps,
): Promise<{ run: RunRef; items: WorkItem[] }> {
  const run = newRun(trigger, deps.settings.regions, deps.now());
  const items = firstItems(run, deps.settings.regions);
  await deps.queue.enqueue(items);
  return { run, items };
}
