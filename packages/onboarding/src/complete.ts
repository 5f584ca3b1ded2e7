import { chunk, EC2_BATCH, groupBy } from "./chunk.js";
import { eligibility } from "./eligibility.js";
import { isRetryable } from "./errors.js";
import type { CommandResult } from "./events.js";
import type { Instance } from "./instance.js";
import type { OnboardingDeps } from "./onboard.js";
import type { InstanceTagger } from "./ports.js";
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
  | { kind: "installed"; group: string }
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
  if (!instance || instance.state !== "running") return { kind: "ignored", detail: "instance gone" };
  const tagged = instance.tags[keys.command];
  if (tagged !== undefined && tagged !== result.commandId)
    return { kind: "ignored", detail: `superseded by ${tagged}` };
  const success = result.status === "Success";
  const reason = FAILURE_REASONS[result.status];
  if (!success && !reason) return { kind: "ignored", detail: `status ${result.status} is not final` };
  const fit = eligibility(instance, deps.settings, keys);
  if (instance.tags[keys.status] === "uninstalling" || !fit.eligible) {
    return success ? { kind: "uninstalled" } : { kind: "failed", reason: "uninstall-failed" };
  }
  return success ? { kind: "installed", group: fit.group } : { kind: "failed", reason: reason as Reason };
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
      const installed: { instance: Instance; group: string; result: CommandResult }[] = [];
      const failed: { instance: Instance; reason: Reason; result: CommandResult }[] = [];
      const uninstalled: { instance: Instance; result: CommandResult }[] = [];
      const seen = new Set<string>();
      for (const result of inRegion) {
        const instance = described.get(result.id);
        const action = actionFor(result, instance, deps, keys);
        const key = `${result.id}/${result.commandId}`;
        if (action.kind === "ignored" || !instance || seen.has(key)) {
          done(result, "ignored", action.kind === "ignored" ? action.detail : "duplicate");
          continue;
        }
        seen.add(key);
        if (action.kind === "installed") installed.push({ instance, group: action.group, result });
        else if (action.kind === "failed") failed.push({ instance, reason: action.reason, result });
        else uninstalled.push({ instance, result });
      }
      await tagEach(
        ports.tagger,
        installed,
        (i) => i.group,
        (i) => ({
          [keys.scrape]: "true",
          [keys.group]: i.group,
          [keys.nodeExporter]: version,
          [keys.status]: "installed",
          [keys.reason]: "",
          [keys.since]: now,
        }),
      );
      await tagEach(
        ports.tagger,
        failed,
        (i) => i.reason,
        (i) => ({ [keys.status]: "failed", [keys.reason]: i.reason, [keys.since]: now }),
      );
      for (const slice of chunk(uninstalled, EC2_BATCH))
        await ports.tagger.untag(
          slice.map((u) => u.instance.id),
          managedKeys(keys),
        );
      for (const i of installed) done(i.result, "installed", i.group);
      for (const f of failed) done(f.result, "failed", f.reason);
      for (const u of uninstalled) done(u.result, "uninstalled");
    } catch (error) {
      if (!isRetryable(error)) throw error;
      for (const r of inRegion)
        if (!out.some((o) => o.commandId === r.commandId && o.id === r.id))
          done(r, "retry", (error as Error).message);
    }
  }
  return out;
}
