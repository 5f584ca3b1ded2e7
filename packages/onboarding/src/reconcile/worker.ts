import type { PartKind } from "@fleetwatch/state-layout";
import { inAccount } from "../accounts.js";
import { AccountUnreachableError } from "../errors.js";
import type { OnboardingDeps } from "../onboard.js";
import type { Outcome } from "../outcome.js";
import type { InstancePage } from "../ports.js";
import { type StatusSummary, statusSummary } from "../status-summary.js";
import { tagKeys } from "../tags.js";
import { countGroups, countOutcomes, reconcileInstances } from "./pass.js";
import type { StatusPart, StatusStore, WorkQueue } from "./ports.js";
import { mergeRun, scopeStates, supersedes } from "./run-summary.js";
import { nextItem, scopeOf, type WorkItem, workItemBody } from "./work-item.js";

export interface WorkerDeps extends OnboardingDeps {
  queue: WorkQueue;
  status: StatusStore;
}

/** How often the queue has handed this item out, and how often it may (its redrive policy). */
export interface Delivery {
  receiveCount: number;
  maxReceiveCount: number;
}

/** What one worker invocation did with its work item. */
export type PageReport =
  | {
      kind: "done";
      item: WorkItem;
      /** Running instances on the page. */
      instances: number;
      /** The next page's item, enqueued before this page was worked on. */
      next?: WorkItem;
      counts: Partial<Record<Outcome["kind"], number>>;
      securityGroups: Record<string, number>;
      /** The run's summary, when this page settled its scope and published it. */
      published?: StatusSummary;
      /** Why the page's part or the run's summary could not be written (the reconcile itself went on). */
      statusError?: string;
    }
  /** The page failed: the queue hands the item out again after its visibility timeout. */
  | { kind: "retry"; item: WorkItem; error: string }
  /** The page failed on its last delivery: its scope is reported failed and the item dead-lettered. */
  | { kind: "dead-lettered"; item: WorkItem; error: string; published?: StatusSummary; statusError?: string }
  /**
   * The scope's member account could not be entered: reported at once (`unreachableAccounts`), neither retried
   * nor dead-lettered (the next run asks again); nothing in the account was touched.
   */
  | { kind: "unreachable"; item: WorkItem; error: string; published?: StatusSummary; statusError?: string };

/** Writes the page's part; when its scope is now settled, merges the run and publishes it for the digest. */
async function record(
  item: WorkItem,
  deps: WorkerDeps,
  kind: PartKind,
  content: Pick<StatusPart, "instancesByStatus" | "refused" | "error" | "unreachable">,
): Promise<{ published?: StatusSummary; statusError?: string }> {
  const scope = scopeOf(item);
  try {
    await deps.status.putPart({ runId: item.run.id, scope, page: item.page, kind, ...content });
    const states = scopeStates(item.run, await deps.status.partNames(item.run.id));
    if (states.find((s) => s.scope === scope)?.state === "pending") return {};
    const settled = states.filter((s) => s.state !== "pending").flatMap((s) => s.parts);
    const summary = mergeRun(item.run, states, await deps.status.readParts(settled), deps.now());
    if (!supersedes(summary, await deps.status.published())) return {};
    await deps.status.publish(summary);
    return { published: summary };
  } catch (error) {
    return { statusError: (error as Error).message };
  }
}

/**
 * One page of one scope (account x region) of a reconcile run, in the item's account. Describes the page (one DescribeInstances, MaxResults 1,000), then
 * enqueues the next page's item *before* working on this one, so a worker that dies mid-page never loses the
 * rest of its region (the item is retried; the next page may then be enqueued twice, which is harmless: passes
 * are idempotent, and pages of one run never overlap, DescribeInstances' pages being disjoint). Then the same
 * state machine as every pass, and the page's partial status.
 *
 * A page that fails (the describe, the enqueue, a call that is not throttled) is retried by the queue; on its
 * last delivery its scope is reported failed in the run's summary and the item is dead-lettered with the reason.
 * Other scopes never wait for it.
 */
export async function reconcilePage(
  item: WorkItem,
  deps: WorkerDeps,
  delivery: Delivery,
): Promise<PageReport> {
  const ports = deps.ports(item.region, item.account);
  const keys = tagKeys(deps.settings.tagPrefix);
  let page: InstancePage;
  let next: WorkItem | undefined;
  let pass: Awaited<ReturnType<typeof reconcileInstances>>;
  try {
    const described = await ports.instances.runningPage(item.token);
    page = { ...described, instances: inAccount(described.instances, item.account) };
    next = page.nextToken ? nextItem(item, page.nextToken) : undefined;
    if (next) await deps.queue.enqueue([next]);
    pass = await reconcileInstances(ports, deps, page.instances);
  } catch (error) {
    const reason = `${scopeOf(item)} page ${item.page}: ${(error as Error).message}`;
    if (error instanceof AccountUnreachableError) {
      const unreachable = { account: error.account, code: error.code };
      const status = await record(item, deps, "failed", {
        instancesByStatus: {},
        error: reason,
        unreachable,
      });
      return { kind: "unreachable", item, error: reason, ...status };
    }
    if (delivery.receiveCount < delivery.maxReceiveCount) return { kind: "retry", item, error: reason };
    const status = await record(item, deps, "failed", { instancesByStatus: {}, error: reason });
    await deps.queue.deadLetter(workItemBody(item), reason);
    return { kind: "dead-lettered", item, error: reason, ...status };
  }
  const part = statusSummary(page.instances, pass.outcomes, keys, deps.now());
  const status = await record(item, deps, next ? "page" : "last", {
    instancesByStatus: part.instancesByStatus,
    refused: part.refused,
  });
  return {
    kind: "done",
    item,
    instances: page.instances.length,
    ...(next ? { next } : {}),
    counts: countOutcomes(pass.outcomes),
    securityGroups: countGroups(pass.groups),
    ...status,
  };
}
