import type { Instance } from "./instance.js";
import type { Outcome } from "./outcome.js";
import type { TagKeys } from "./tags.js";

/**
 * What the reconcile writes to `onboarding/status.json` (STATUS_KEY) in the state bucket for the daily digest:
 * one run, merged from its pages' parts.
 */
export interface StatusSummary {
  /** Running instances per `<prefix>status` value after the pass; `none` untagged, `ignored` opted out. */
  instancesByStatus: Record<string, number>;
  /** When the pass ran (ISO 8601). */
  generatedAt: string;
  /** Regions the pass could not read: their instances are missing from the counts. */
  failedRegions: string[];
  /** Instances AWS refused for good in this pass (the region went on), with the call and AWS's error code. */
  refused: { id: string; region: string; operation: string; code: string }[];
  /** The run the summary is of (absent before runs were paged). */
  runId?: string;
  /** Regions of the run still being worked on (or whose worker died): missing from the counts, like failed ones. */
  pendingRegions?: string[];
  /** Whether regions are missing from the counts (failed or pending): the fleet is not smaller, the run is partial. */
  partial?: boolean;
}

/** The status an outcome of this pass wrote, when it wrote one. */
function statusWritten(outcome: Outcome): string | undefined {
  switch (outcome.kind) {
    case "installing":
    case "uninstalling":
    case "unmanaged":
      return outcome.kind;
    case "marked":
      return outcome.status;
    default:
      return undefined;
  }
}

/**
 * Counts running instances by their status tag as this pass left it: the tag they were described with, replaced
 * by the status an outcome wrote; opted-out instances (`<prefix>ignore=true`) count as `ignored`, untagged as
 * `none`; instances the pass found gone are left out.
 */
export function statusSummary(
  running: readonly Instance[],
  outcomes: readonly Outcome[],
  keys: TagKeys,
  now: Date,
  failedRegions: readonly string[] = [],
): StatusSummary {
  const written = new Map<string, string | undefined>();
  const gone = new Set<string>();
  for (const o of outcomes) {
    if (o.kind === "gone") gone.add(o.id);
    const status = statusWritten(o);
    if (status) written.set(o.id, status);
  }
  const instancesByStatus: Record<string, number> = {};
  for (const instance of running) {
    if (instance.state !== "running" || gone.has(instance.id)) continue;
    const status =
      instance.tags[keys.ignore]?.toLowerCase() === "true"
        ? "ignored"
        : (written.get(instance.id) ?? (instance.tags[keys.status] || "none"));
    instancesByStatus[status] = (instancesByStatus[status] ?? 0) + 1;
  }
  const refused = outcomes.flatMap((o) =>
    o.kind === "refused" && o.refusal
      ? [{ id: o.id, region: o.region, operation: o.refusal.operation, code: o.refusal.code }]
      : [],
  );
  return { instancesByStatus, generatedAt: now.toISOString(), failedRegions: [...failedRegions], refused };
}
