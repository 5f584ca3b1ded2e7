import type { PartName } from "@fleetwatch/state-layout";
import type { StatusSummary, UnreachableAccount } from "../status-summary.js";
import type { StatusPart } from "./ports.js";
import type { RunRef } from "./work-item.js";

/** Where one scope of a run stands, from the names of its parts. */
export interface ScopeState {
  scope: string;
  /**
   * `complete`: its last page and every page before it wrote a part; `failed`: given up (a `failed` part);
   * `pending`: neither yet (pages still running, finishing out of order, or a worker that died).
   */
  state: "complete" | "failed" | "pending";
  parts: PartName[];
}

/** Each scope of the run with its state (a listing is enough: the kind and page are in the key). */
export function scopeStates(run: RunRef, names: readonly PartName[]): ScopeState[] {
  return run.scopes.map((scope) => {
    const parts = names.filter((n) => n.runId === run.id && n.scope === scope);
    if (parts.some((p) => p.kind === "failed")) return { scope, state: "failed", parts };
    const last = parts.find((p) => p.kind === "last");
    const pages = new Set(parts.map((p) => p.page));
    const complete =
      last !== undefined && Array.from({ length: last.page + 1 }, (_, i) => i).every((i) => pages.has(i));
    return { scope, state: complete ? "complete" : "pending", parts };
  });
}

/**
 * One coherent summary of a run: the counts of its complete scopes only (a scope half counted would read as a
 * smaller fleet), failed and pending scopes named, `partial` when any is missing. A member account that could not
 * be entered is listed in `unreachableAccounts`, not as a failed scope (the run did all it could). Duplicate
 * parts (a page worked twice) count once.
 */
export function mergeRun(
  run: RunRef,
  states: readonly ScopeState[],
  parts: readonly StatusPart[],
  now: Date,
): StatusSummary {
  const complete = new Set(states.filter((s) => s.state === "complete").map((s) => s.scope));
  const instancesByStatus: Record<string, number> = {};
  const refused: StatusSummary["refused"] = [];
  const seen = new Set<string>();
  const unreachable = new Map<string, UnreachableAccount>();
  const unreachableScopes = new Set<string>();
  for (const part of parts)
    if (part.runId === run.id && part.kind === "failed" && part.unreachable) {
      unreachable.set(part.unreachable.account, part.unreachable);
      unreachableScopes.add(part.scope);
    }
  for (const part of parts) {
    const key = `${part.scope}/${part.page}`;
    if (part.runId !== run.id || !complete.has(part.scope) || part.kind === "failed" || seen.has(key))
      continue;
    seen.add(key);
    for (const [status, n] of Object.entries(part.instancesByStatus))
      instancesByStatus[status] = (instancesByStatus[status] ?? 0) + n;
    refused.push(...(part.refused ?? []));
  }
  const failedRegions = states
    .filter((s) => s.state === "failed" && !unreachableScopes.has(s.scope))
    .map((s) => s.scope);
  const pendingRegions = states.filter((s) => s.state === "pending").map((s) => s.scope);
  return {
    instancesByStatus,
    generatedAt: now.toISOString(),
    failedRegions,
    refused,
    ...(unreachable.size > 0 ? { unreachableAccounts: [...unreachable.values()] } : {}),
    runId: run.id,
    pendingRegions,
    partial: failedRegions.length + pendingRegions.length > 0,
  };
}

/**
 * Whether `summary` may replace what the digest reads now: never a newer run's summary (ids sort by start
 * time), nor a summary of the same run that has more scopes settled (two pages merging at once).
 */
export function supersedes(summary: StatusSummary, current: StatusSummary | undefined): boolean {
  if (!current?.runId || !summary.runId) return true;
  if (current.runId !== summary.runId) return summary.runId > current.runId;
  return (summary.pendingRegions?.length ?? 0) <= (current.pendingRegions?.length ?? 0);
}
