import { chunk, EC2_BATCH, groupBy } from "./chunk.js";
import { attemptsAt, attemptsTag } from "./decide.js";
import { eligibility } from "./eligibility.js";
import { isRetryable } from "./errors.js";
import type { CommandResult } from "./events.js";
import type { Instance } from "./instance.js";
import type { OnboardingDeps } from "./onboard.js";
import type { InstanceTagger } from "./ports.js";
import { syncGroups } from "./security-group.js";
import { managedKeys, type Reason, type TagKeys, tagKeys } from "./tags.js";

/** What a command result did to its instance. */
export interface Completion {
  id: string;
  region: string;
  commandId: string;
  kind: "installed" | "failed" | "uninstalled" | "ignored" | "retry";
  detail?: string;
}

const FAILURE_REASONS: Record<string, Reason> = {
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
  if (!success) return { kind: "failed", reason: reason as Reason };
  const fit = eligibility(instance, deps.settings, keys);
  return { kind: "installed", group: fit.eligible ? fit.group : undefined };
}

async function tagEach<T extends { instance: Instance }>(
  tagger: InstanceTagger,
  items: T[],
  setKey: (item: T) => string,
  tags: (item: T) => Record<string, string>,
): Promise<void> {
  for (const group of groupBy(items, setKey).values()) {
    for (const slice of chunk(group, EC2_BATCH)) {
      await tagger.tag(
        slice.map((i) => i.instance.id),
        tags(slice[0] as T),
      );
    }
  }
}

/**
 * Completion of installs and uninstalls from SSM command results: one DescribeInstances per region and batch,
 * then one CreateTags per distinct tag set. Success: `scrape=true`, `group`, `node-exporter`, `installed`.
 * Failed or timed out: `failed` with a reason (reconcile tries once more).
 */
export async function completeCommands(
  results: readonly CommandResult[],
  deps: OnboardingDeps,
): Promise<Completion[]> {
  const keys = tagKeys(deps.settings.tagPrefix);
  const now = deps.now().toISOString();
  const version = deps.settings.exporter.version;
  const out: Completion[] = [];
  for (const [region, inRegion] of groupBy(results, (r) => r.region)) {
    const ports = deps.ports(region);
    const done = (r: CommandResult, kind: Completion["kind"], detail?: string) =>
      out.push({ id: r.id, region, commandId: r.commandId, kind, ...(detail ? { detail } : {}) });
    try {
      const ids = [...new Set(inRegion.map((r) => r.id))];
      const described = new Map<string, Instance>();
      for (const slice of chunk(ids, EC2_BATCH))
        for (const i of await ports.instances.describe(slice)) described.set(i.id, i);
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
      await tagEach(
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
      );
      await tagEach(
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
      );
      for (const slice of chunk(uninstalled, EC2_BATCH))
        await ports.tagger.untag(
          slice.map((u) => u.instance.id),
          managedKeys(keys),
        );
      // The reason tag was just written (cleared) with the status, or removed with the other tags.
      await syncGroups(ports, deps.settings, keys, [
        ...installed.map((i) => ({
          instance: i.instance,
          want: i.group === undefined ? ("detach" as const) : ("attach" as const),
          tagged: true,
        })),
        ...uninstalled.map((u) => ({ instance: u.instance, want: "detach" as const, tagged: true })),
      ]);
      for (const i of installed) done(i.result, "installed", i.group ?? "opted out: to be uninstalled");
      for (const f of failed) done(f.result, "failed", f.reason);
      for (const u of uninstalled) done(u.result, "uninstalled");
    } catch (error) {
      if (!isRetryable(error)) throw error;
      // Every result of the region is looked at again (tagging is idempotent; duplicates are ignored then).
      out.splice(0, out.length, ...out.filter((o) => o.region !== region));
      for (const r of inRegion) done(r, "retry", (error as Error).message);
    }
  }
  return out;
}
