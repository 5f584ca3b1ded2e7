import type { ResolvedConfig } from "@fleetwatch/config";
import { groupRegions } from "./accounts.js";
import { UnrenderableConfigError } from "./errors.js";
import { groupReplicas } from "./topology.js";

type Group = ResolvedConfig["scrapeGroups"][number];

// What the schema cannot see because it needs the monitoring stack's view: names that collide once turned into
// SST component names, and selectors that can never match an instance Prometheus would discover.

/** @throws UnrenderableConfigError naming the first key that makes the config unrenderable. */
export function assertRenderable(config: ResolvedConfig): void {
  config.scrapeGroups.forEach((group, index) => {
    componentNameIsUnique(config, group, index);
    selectorAgreesWithDiscovery(config, group, index);
    notShadowed(config, group, index);
  });
}

/** Two groups must not give one service name: Cloud Map names ignore case (`web-s1`, and the second shard of `web`). */
function componentNameIsUnique(config: ResolvedConfig, group: Group, index: number) {
  const names = new Set(groupReplicas(group).map((r) => r.component.toLowerCase()));
  for (const [earlier, other] of config.scrapeGroups.slice(0, index).entries()) {
    const shared = groupReplicas(other).find((r) => names.has(r.component.toLowerCase()));
    if (shared) {
      throw new UnrenderableConfigError(
        `scrapeGroups[${index}].name`,
        `${JSON.stringify(group.name)} and scrapeGroups[${earlier}].name ${JSON.stringify(other.name)} both name the service ${shared.component}; rename one of them`,
      );
    }
  }
}

/** Prometheus discovers only instances tagged `<prefix>scrape=true` and `<prefix>group=<name>`. */
function selectorAgreesWithDiscovery(config: ResolvedConfig, group: Group, index: number) {
  const required: Record<string, string> = {
    [`${config.tagPrefix}scrape`]: "true",
    [`${config.tagPrefix}group`]: group.name,
  };
  for (const [key, value] of Object.entries(required)) {
    const wanted = group.selector.tags[key];
    if (wanted !== undefined && wanted !== value) {
      throw new UnrenderableConfigError(
        `scrapeGroups[${index}].selector.tags[${JSON.stringify(key)}]`,
        `selects ${JSON.stringify(wanted)}, but the group's Prometheus only discovers instances whose ${key} is ${JSON.stringify(value)}, so the group can never have a target; remove the tag from the selector (fleetwatch sets it)`,
      );
    }
  }
}

/** The first group whose selector matches takes an instance: a later group wholly inside an earlier one gets none. */
function notShadowed(config: ResolvedConfig, group: Group, index: number) {
  const earlier = config.scrapeGroups.slice(0, index).findIndex((other) => covers(config, other, group));
  if (earlier === -1) return;
  throw new UnrenderableConfigError(
    `scrapeGroups[${index}].selector`,
    `matches no instance: every instance it selects is taken first by scrapeGroups[${earlier}] (${JSON.stringify(config.scrapeGroups[earlier]?.name)}), whose selector is broader; narrow that group's selector or move this group before it`,
  );
}

function covers(config: ResolvedConfig, broad: Group, narrow: Group): boolean {
  const tags = Object.entries(broad.selector.tags).every(
    ([key, value]) => narrow.selector.tags[key] === value,
  );
  const vpcs =
    broad.selector.vpcIds.length === 0 ||
    (narrow.selector.vpcIds.length > 0 &&
      narrow.selector.vpcIds.every((id) => broad.selector.vpcIds.includes(id)));
  // A member's name and its id are one account.
  const accountOf = (a: string) => config.accounts.members.find((m) => m.name === a)?.id ?? a;
  const broadAccounts = broad.selector.accounts.map(accountOf);
  const accounts =
    broadAccounts.length === 0 ||
    (narrow.selector.accounts.length > 0 &&
      narrow.selector.accounts.every((a) => broadAccounts.includes(accountOf(a))));
  const broadRegions = groupRegions(config, broad);
  const regions = groupRegions(config, narrow).every((region) => broadRegions.includes(region));
  return tags && vpcs && accounts && regions;
}
