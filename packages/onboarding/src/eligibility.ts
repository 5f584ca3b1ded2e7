import { HOME_ACCOUNT } from "@fleetwatch/config";
import type { Instance } from "./instance.js";
import type { GroupSelector, OnboardingSettings } from "./settings.js";
import type { Reason, TagKeys } from "./tags.js";

/** Whether an instance is onboarded, and into which group; otherwise why not. */
export type Eligibility =
  | { eligible: true; group: string }
  | { eligible: false; reason: "not-running" | "opted-out" }
  | { eligible: false; reason: Extract<Reason, "windows" | "no-matching-group" | "region-not-configured"> };

/** Whether a selector's accounts take the instance's account (`"home"` or the home account's id at home). */
function inAccounts(group: GroupSelector, instance: Instance, settings: OnboardingSettings): boolean {
  const accounts = group.accounts ?? [];
  if (accounts.length === 0) return true;
  if (instance.account !== undefined) return accounts.includes(instance.account);
  return accounts.includes(HOME_ACCOUNT) || accounts.includes(settings.accounts?.home ?? HOME_ACCOUNT);
}

function matches(group: GroupSelector, instance: Instance, settings: OnboardingSettings): boolean {
  if (!inAccounts(group, instance, settings)) return false;
  if (group.regions.length > 0 && !group.regions.includes(instance.region)) return false;
  if (group.vpcIds.length > 0 && !(instance.vpcId && group.vpcIds.includes(instance.vpcId))) return false;
  return Object.entries(group.tags).every(([key, value]) => instance.tags[key] === value);
}

/**
 * Running, Linux, not opted out (`<prefix>ignore=true`), in a configured region (of its account, for a member
 * that names regions), taken by the first matching group (by account, region, VPC and tags).
 */
export function eligibility(instance: Instance, settings: OnboardingSettings, keys: TagKeys): Eligibility {
  if (instance.state !== "running") return { eligible: false, reason: "not-running" };
  if (instance.tags[keys.ignore]?.toLowerCase() === "true") return { eligible: false, reason: "opted-out" };
  if (instance.platform === "windows") return { eligible: false, reason: "windows" };
  if (!settings.regions.includes(instance.region))
    return { eligible: false, reason: "region-not-configured" };
  const member = settings.accounts?.members.find((m) => m.id === instance.account);
  if (member && member.regions.length > 0 && !member.regions.includes(instance.region))
    return { eligible: false, reason: "region-not-configured" };
  const group = settings.groups.find((g) => matches(g, instance, settings));
  return group ? { eligible: true, group: group.name } : { eligible: false, reason: "no-matching-group" };
}
