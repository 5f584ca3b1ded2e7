import type { OnboardingStatus } from "@fleetwatch/state-layout";
import { instanceKey } from "./accounts.js";
import type { Instance } from "./instance.js";
import type { Outcome } from "./outcome.js";
import type { TagKeys } from "./tags.js";

/**
 * What the reconcile writes to `onboarding/status.json` in the state bucket for the daily digest: one run, merged
 * from its pages' parts. Its schema is @fleetwatch/state-layout's (the digest validates it on read).
 */
export type StatusSummary = OnboardingStatus;

/** A member account the run could not enter, with STS's error code (`AccessDenied`, ...). */
export type UnreachableAccount = NonNullable<StatusSummary["unreachableAccounts"]>[number];

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
 * `none`; instances the pass found gone are left out. Member accounts the pass could not enter are listed apart.
 */
export function statusSummary(
  running: readonly Instance[],
  outcomes: readonly Outcome[],
  keys: TagKeys,
  now: Date,
  failedRegions: readonly string[] = [],
  unreachable: readonly UnreachableAccount[] = [],
): StatusSummary {
  const written = new Map<string, string | undefined>();
  const gone = new Set<string>();
  for (const o of outcomes) {
    if (o.kind === "gone") gone.add(instanceKey(o));
    const status = statusWritten(o);
    if (status) written.set(instanceKey(o), status);
  }
  const instancesByStatus: Record<string, number> = {};
  for (const instance of running) {
    const key = instanceKey(instance);
    if (instance.state !== "running" || gone.has(key)) continue;
    const status =
      instance.tags[keys.ignore]?.toLowerCase() === "true"
        ? "ignored"
        : (written.get(key) ?? (instance.tags[keys.status] || "none"));
    instancesByStatus[status] = (instancesByStatus[status] ?? 0) + 1;
  }
  const refused = outcomes.flatMap((o) =>
    o.kind === "refused" && o.refusal
      ? [
          {
            id: o.id,
            region: o.region,
            ...(o.account ? { account: o.account } : {}),
            operation: o.refusal.operation,
            code: o.refusal.code,
          },
        ]
      : [],
  );
  return {
    instancesByStatus,
    generatedAt: now.toISOString(),
    failedRegions: [...failedRegions],
    refused,
    ...(unreachable.length > 0 ? { unreachableAccounts: [...unreachable] } : {}),
  };
}
