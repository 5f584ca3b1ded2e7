import { eligibility } from "./eligibility.js";
import type { Instance } from "./instance.js";
import type { OnboardingSettings } from "./settings.js";
import { managedKeys, type OnboardingStatus, onboardingStatusOf, type Reason, type TagKeys } from "./tags.js";

/** What an instance needs, judged from its description and tags alone (no SSM call yet). */
export type Plan =
  | { kind: "none"; why: "not-running" | "opted-out" | "up-to-date" | "installing" | "failed" | "skipped" }
  | { kind: "mark"; status: Extract<OnboardingStatus, "skipped" | "failed">; reason: Reason }
  | { kind: "regroup"; group: string }
  | { kind: "uninstall" }
  /** Opted out with fleetwatch tags but nothing installed (e.g. `unmanaged`): the tags are removed. */
  | { kind: "forget" }
  | { kind: "install"; group: string };

/** The `<prefix>attempts` value: failed attempts at one release, `<n>@<version>` (written with each failure). */
export const attemptsTag = (attempt: number, version: string) => `${attempt}@${version}`;

/** Failed attempts at `version` (0 when the tag names another release). */
export function attemptsAt(tags: Record<string, string>, keys: TagKeys, version: string): number {
  const match = /^(\d+)@(.+)$/.exec(tags[keys.attempts] ?? "");
  return match && match[2] === version ? Number(match[1]) : 0;
}

/** Whether a status written at `since` is younger than the install timeout. */
function withinBound(since: string | undefined, settings: OnboardingSettings, now: Date): boolean {
  const at = Date.parse(since ?? "");
  return Number.isFinite(at) && now.getTime() - at < settings.installTimeoutMs;
}

function hasInstall(instance: Instance, keys: TagKeys): boolean {
  const status = instance.tags[keys.status];
  return (
    instance.tags[keys.scrape] !== undefined ||
    status === "installed" ||
    status === "installing" ||
    status === "failed"
  );
}

/**
 * The onboarding state machine for one instance. Tags are the state: `installing` (with its `since`) holds off
 * another send until the install timeout; `failed` gets one more attempt per release; `installed` at the
 * configured version is left alone; anything opted out after install is uninstalled.
 */
export function plan(instance: Instance, settings: OnboardingSettings, keys: TagKeys, now: Date): Plan {
  const fit = eligibility(instance, settings, keys);
  const tags = instance.tags;
  const status = onboardingStatusOf(tags[keys.status]);
  if (!fit.eligible) {
    if (fit.reason === "not-running") return { kind: "none", why: "not-running" };
    if (status === "uninstalling") {
      // An uninstall whose result never came (or whose tags were lost) is sent again after the bound.
      return withinBound(tags[keys.since], settings, now)
        ? { kind: "none", why: "opted-out" }
        : { kind: "uninstall" };
    }
    const uninstallGaveUp =
      status === "failed" &&
      tags[keys.reason] === "uninstall-failed" &&
      attemptsAt(tags, keys, settings.exporter.version) >= settings.maxAttempts;
    if (uninstallGaveUp) return { kind: "none", why: "failed" };
    if (hasInstall(instance, keys)) return { kind: "uninstall" };
    if (fit.reason === "opted-out")
      return managedKeys(keys).some((k) => k in tags)
        ? { kind: "forget" }
        : { kind: "none", why: "opted-out" };
    if (status === "skipped" && tags[keys.reason] === fit.reason) return { kind: "none", why: "skipped" };
    return { kind: "mark", status: "skipped", reason: fit.reason };
  }
  const version = settings.exporter.version;
  const attempts = attemptsAt(tags, keys, version);
  if (status === "installed" && tags[keys.nodeExporter] === version) {
    return tags[keys.group] === fit.group
      ? { kind: "none", why: "up-to-date" }
      : { kind: "regroup", group: fit.group };
  }
  if (status === "installing") {
    if (withinBound(tags[keys.since], settings, now)) return { kind: "none", why: "installing" };
  }
  if (status === "failed" && attempts >= settings.maxAttempts) return { kind: "none", why: "failed" };
  return { kind: "install", group: fit.group };
}

/** Whether an instance not yet Online with SSM may still register (else it is `unmanaged`). */
export function mayStillRegister(instance: Instance, settings: OnboardingSettings, now: Date): boolean {
  return now.getTime() - instance.launchTime.getTime() < settings.readinessTimeoutMs;
}
