import type { Instance } from "./instance.js";
import type { GroupSelector, OnboardingSettings } from "./settings.js";
import type { Reason, TagKeys } from "./tags.js";

/** Whether an instance is onboarded, and into which group; otherwise why not. */
export type Eligibility =
  | { eligible: true; group: string }
  | { eligible: false; reason: "not-running" | "opted-out" }
  | { eligible: false; reason: Extract<Reason, "windows" | "no-matching-group" | "region-not-configured"> };

function matches(group: GroupSelector, instance: Instance): boolean {
  if (group.regions.length > 0 && !group.regions.includes(instance.region)) return false;
  if (group.vpcIds.length > 0 && !(instance.vpcId && group.vpcIds.includes(instance.vpcId))) return false;
  return Object.entries(group.tags).every(([key, value]) => instance.tags[key] === value);
}

/** Running, Linux, not opted out (`<prefix>ignore=true`), in a configured region, taken by the first matching group. */
export function eligibility(instance: Instance, settings: OnboardingSettings, keys: TagKeys): Eligibility {
  if (instance.state !== "running") return { eligible: false, reason: "not-running" };
  if (instance.tags[keys.ignore]?.toLowerCase() === "true") return { eligible: false, reason: "opted-out" };
  if (instance.platform === "windows") return { eligible: false, reason: "windows" };
  if (!settings.regions.includes(instance.region))
    return { eligible: false, reason: "region-not-configured" };
  const group = settings.groups.find((g) => matches(g, instance));
  return group ? { eligible: true, group: group.name } : { eligible: false, reason: "no-matching-group" };
}
