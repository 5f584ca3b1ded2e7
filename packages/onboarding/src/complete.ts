import { admission, canonicalRef, inAccount, scopeKey } from "./accounts.js";
import { failureOutcome } from "./apply.js";
import { chunk, groupBy } from "./chunk.js";
import { attemptsAt, attemptsTag } from "./decide.js";
import { eligibility } from "./eligibility.js";
import { AccountUnreachableError, AwsCallError, isRetryable, ThrottledError } from "./errors.js";
import type { CommandResult, CommandStatus } from "./events.js";
import type { Instance } from "./instance.js";
import { type Isolated, isolate } from "./isolate.js";
import { EC2_BATCH } from "./limits.js";
import type { OnboardingDeps } from "./onboard.js";
import type { InstanceRefusal } from "./outcome.js";
import type { InstanceTagger, RegionPorts } from "./ports.js";
import { syncGroups } from "./security-group.js";
import { managedKeys, type Reason, type TagKeys, tagKeys } from "./tags.js";

/** What a command result did to its instance. */
export interface Completion {
  id: string;
  region: string;
  /** The member account (absent in the home account). */
  account?: string;
  commandId: string;
  /**
   * `refused`: AWS refused a call for this instance for good (see {@link refusal}); `retry`: look again later;
   * `not-member`: its account is not one of the units' now (Organization mode; `detail` says why): nothing done.
   */
  kind: "installed" | "failed" | "uninstalled" | "ignored" | "retry" | "refused" | "not-member";
  detail?: string;
  /** With kind `refused`: what AWS refused. */
  refusal?: InstanceRefusal;
}

/** The reason tag of each final failed status; statuses absent here are not final. */
const FAILURE_REASONS: Partial<Record<CommandStatus, Reason>> = {
  Failed: "command-failed",
  TimedOut: "command-timed-out",
  DeliveryTimedOut: "command-timed-out",
  ExecutionTimedOut: "command-timed-out",
  Cancelled: "command-cancelled",
  Undeliverable: "command-failed",
  Terminated: "command-cancelled",
};

type Action =
  | { kind: "ignored"; detail: string }
  /** `group` undefined: an install that finished after the instance was opted out (reconcile uninstalls it). */
  | { kind: "installed"; group: string | undefined }
  | { kind: "failed"; reason: Reason }
  | { kind: "uninstalled" };

/** The effect of one result on its instance. Results of older commands than the one tagged are ignored. */
function actionFor(
  result: CommandResult,
  instance: Instance | undefined,
  deps: OnboardingDeps,
  keys: TagKeys,
): Action {
  if (result.documentName !== deps.settings.documentName)
    return { kind: "ignored", detail: "another document" };
  if (instance?.state !== "running") return { kind: "ignored", detail: "instance gone" };
  // Every send is preceded by a reservation (a status and a new `since`): a result on an instance without one
  // (its tags were removed after an uninstall) or of a command requested before it is stale.
  if (instance.tags[keys.status] === undefined) return { kind: "ignored", detail: "no fleetwatch status" };
  // Every send is preceded by a new `since`: a result of a command requested before it is stale.
  const since = Date.parse(instance.tags[keys.since] ?? "");
  if (Number.isFinite(since) && result.requestedAt.getTime() < since)
    return { kind: "ignored", detail: `requested before ${instance.tags[keys.since]}` };
  const success = result.status === "Success";
  const reason = FAILURE_REASONS[result.status];
  if (!success && !reason) return { kind: "ignored", detail: `status ${result.status} is not final` };
  if (instance.tags[keys.status] === "uninstalling") {
    return success ? { kind: "uninstalled" } : { kind: "failed", reason: "uninstall-failed" };
  }
  if (reason) return { kind: "failed", reason };
  const fit = eligibility(instance, deps.settings, keys);
  return { kind: "installed", group: fit.eligible ? fit.group : undefined };
}

/**
 * One account x region's batched calls: each isolated per instance (see {@link isolate}), none after AWS
 * throttled one or the account proved unreachable.
 */
function regionCalls() {
  let throttled: Error | undefined;
  return async <T>(items: readonly T[], step: (slice: T[]) => Promise<void>): Promise<Isolated<T>> => {
    if (throttled) {
      const error = throttled;
      return { done: [], failed: items.map((item) => ({ item, error })) };
    }
    const result = await isolate(items, step);
    throttled ??= result.failed.find(
      (f) => f.error instanceof ThrottledError || f.error instanceof AccountUnreachableError,
    )?.error;
    return result;
  };
}

type Calls = ReturnType<typeof regionCalls>;

/** Tags `items` with one CreateTags per tag set (1,000 ids a call), isolated per instance. */
async function tagEach<T extends { instance: Instance }>(
  calls: Calls,
  tagger: InstanceTagger,
  items: T[],
  setKey: (item: T) => string,
  tags: (item: T) => Record<string, string>,
): Promise<Isolated<T>> {
  const out: Isolated<T> = { done: [], failed: [] };
  for (const group of groupBy(items, setKey).values()) {
    for (const slice of chunk(group, EC2_BATCH)) {
      const r = await calls(slice, (part) =>
        tagger.tag(
          part.map((i) => i.instance.id),
          tags(part[0] as T),
        ),
      );
      out.done.push(...r.done);
      out.failed.push(...r.failed);
    }
  }
  return out;
}

/**
 * Completion of installs and uninstalls from SSM command results: one DescribeInstances per account x region and
 * batch (in the result event's account; in Organization mode, results of an account the units' listing lacks are
 * `not-member`, untouched),
 * then one CreateTags per distinct tag set. Success: `scrape=true`, `group`, `node-exporter`, `installed`.
 * Failed or timed out: `failed` with a reason (reconcile tries once more). One instance AWS fails for never fails
 * the others: every call is isolated per instance (see {@link isolate}); its result is `retry` when AWS
 * throttled or failed transiently, `refused` (with the {@link InstanceRefusal}) when AWS refused it for good.
 */
export async function completeCommands(
  results: readonly CommandResult[],
  deps: OnboardingDeps,
): Promise<Completion[]> {
  const keys = tagKeys(deps.settings.tagPrefix);
  const now = deps.now().toISOString();
  const version = deps.settings.exporter.version;
  const out: Completion[] = [];
  const canonical = results.map((r) => canonicalRef(r, deps.settings));
  for (const inRegion of groupBy(canonical, scopeKey).values()) {
    const { region, account } = inRegion[0] as CommandResult;
    const where = { region, ...(account ? { account } : {}) };
    // Only the units' listing is asked here: in members mode results are taken as they always were.
    const admitted = deps.unitAccounts ? admission(where, deps.settings, deps.unitAccounts) : undefined;
    if (admitted && !admitted.admitted) {
      for (const r of inRegion)
        out.push({ id: r.id, ...where, commandId: r.commandId, kind: "not-member", detail: admitted.reason });
      continue;
    }
    const ports = deps.ports(region, account);
    const calls = regionCalls();
    const done = (r: CommandResult, kind: Completion["kind"], detail?: string) =>
      out.push({ id: r.id, ...where, commandId: r.commandId, kind, ...(detail ? { detail } : {}) });
    /**
     * The results of an instance a call failed for: `refused` (see {@link failureOutcome}), else `retry` (an
     * unreachable account too: a result means its role was there when the command was sent).
     */
    const failedFor = (id: string, error: Error, of: readonly CommandResult[]) => {
      const o = failureOutcome({ id, ...where }, error);
      for (const r of of.filter((x) => x.id === id))
        out.push({
          id,
          ...where,
          commandId: r.commandId,
          kind: o.kind === "refused" ? "refused" : "retry",
          ...(o.detail ? { detail: o.detail } : {}),
          ...(o.refusal ? { refusal: o.refusal } : {}),
        });
    };
    const ids = [...new Set(inRegion.map((r) => r.id))];
    const described = new Map<string, Instance>();
    const undescribed = new Set<string>();
    for (const slice of chunk(ids, EC2_BATCH)) {
      const r = await calls(slice, async (part) => {
        for (const i of inAccount(await ports.instances.describe(part), account)) described.set(i.id, i);
      });
      for (const f of r.failed) {
        undescribed.add(f.item);
        failedFor(f.item, f.error, inRegion);
      }
    }
    const installed: { instance: Instance; group: string | undefined; result: CommandResult }[] = [];
    const failed: { instance: Instance; reason: Reason; result: CommandResult }[] = [];
    const uninstalled: { instance: Instance; result: CommandResult }[] = [];
    // Per instance only the newest command's result counts (duplicates and older results are ignored).
    const newest = new Map<string, CommandResult>();
    for (const r of inRegion) {
      const held = newest.get(r.id);
      if (!held || r.requestedAt > held.requestedAt) newest.set(r.id, r);
    }
    for (const result of inRegion) {
      if (undescribed.has(result.id)) continue;
      const instance = described.get(result.id);
      const action = actionFor(result, instance, deps, keys);
      if (action.kind === "ignored" || !instance || newest.get(result.id) !== result) {
        done(result, "ignored", action.kind === "ignored" ? action.detail : "a newer result in the batch");
        continue;
      }
      if (action.kind === "installed") installed.push({ instance, group: action.group, result });
      else if (action.kind === "failed") failed.push({ instance, reason: action.reason, result });
      else uninstalled.push({ instance, result });
    }
    const tagFailed = <T extends { instance: Instance; result: CommandResult }>(r: Isolated<T>) => {
      for (const f of r.failed) failedFor(f.item.instance.id, f.error, [f.item.result]);
      return r.done;
    };
    const installedDone = tagFailed(
      await tagEach(
        calls,
        ports.tagger,
        installed,
        (i) => i.group ?? "",
        (i) => ({
          ...(i.group === undefined ? {} : { [keys.scrape]: "true", [keys.group]: i.group }),
          [keys.nodeExporter]: version,
          [keys.status]: "installed",
          [keys.reason]: "",
          [keys.since]: now,
        }),
      ),
    );
    const failedDone = tagFailed(
      await tagEach(
        calls,
        ports.tagger,
        failed,
        (i) => `${i.reason}/${i.result.commandId}/${attemptsAt(i.instance.tags, keys, version)}`,
        (i) => ({
          [keys.status]: "failed",
          [keys.reason]: i.reason,
          [keys.command]: i.result.commandId,
          [keys.since]: now,
          [keys.attempts]: attemptsTag(attemptsAt(i.instance.tags, keys, version) + 1, version),
        }),
      ),
    );
    const uninstalledDone: typeof uninstalled = [];
    for (const slice of chunk(uninstalled, EC2_BATCH))
      uninstalledDone.push(
        ...tagFailed(
          await calls(slice, (part) =>
            ports.tagger.untag(
              part.map((u) => u.instance.id),
              managedKeys(keys),
            ),
          ),
        ),
      );
    const synced = [...installedDone, ...uninstalledDone];
    const groups = await syncedGroups(ports, deps, keys, installedDone, uninstalledDone);
    if (groups.retry) for (const s of synced) failedFor(s.instance.id, groups.retry, [s.result]);
    const note = groups.refused ? `; security group not synced: ${groups.refused.message}` : "";
    if (!groups.retry) {
      for (const i of installedDone)
        done(i.result, "installed", `${i.group ?? "opted out: to be uninstalled"}${note}`);
      for (const u of uninstalledDone) done(u.result, "uninstalled", note.slice(2) || undefined);
    }
    for (const f of failedDone) done(f.result, "failed", f.reason);
  }
  return out;
}

/**
 * fleetwatch's security group on the tagged instances (the reason tag was just written or cleared with the
 * status, or removed with the other tags). An error AWS may not repeat (`retry`) has their results looked at
 * again (tagging is idempotent); one it refused for good (`refused`) leaves the group to the reconcile.
 */
async function syncedGroups(
  ports: RegionPorts,
  deps: OnboardingDeps,
  keys: TagKeys,
  installed: readonly { instance: Instance; group: string | undefined }[],
  uninstalled: readonly { instance: Instance }[],
): Promise<{ retry?: Error; refused?: Error }> {
  try {
    await syncGroups(ports, deps.settings, keys, [
      ...installed.map((i) => ({
        instance: i.instance,
        want: i.group === undefined ? ("detach" as const) : ("attach" as const),
        tagged: true,
      })),
      ...uninstalled.map((u) => ({ instance: u.instance, want: "detach" as const, tagged: true })),
    ]);
    return {};
  } catch (error) {
    if (isRetryable(error)) return { retry: error as Error };
    if (error instanceof AwsCallError) return { refused: error };
    throw error;
  }
}
