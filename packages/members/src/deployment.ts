import type { ResolvedConfig } from "@fleetwatch/config";

/** One stack instance for a listed account in one region (self-managed StackSet). */
export interface AccountInstance {
  account: string;
  /** The account's name in the config, when it has one. */
  name?: string;
  region: string;
  /** The region whose instance creates the member role in this account; overrides the template's default. */
  roleRegion: string;
}

/**
 * Where the member template goes. `organization`: service-managed, one instance per region targeting the units,
 * auto-deployed to accounts that join them (and removed from those that leave). `accounts`: self-managed, one
 * instance per listed account and region.
 */
export type MemberDeployment =
  | { mode: "organization"; units: string[]; regions: string[]; roleRegion: string }
  | { mode: "accounts"; instances: AccountInstance[]; regions: string[] };

/**
 * The stack instances the config calls for, or `undefined` when there are no member accounts (no StackSet and no
 * bus policy then). A member's own `regions` narrow the configured ones; its role is created in the home
 * region's instance, or in its first region's when it is not onboarded in the home region.
 */
export function memberDeployment(config: ResolvedConfig): MemberDeployment | undefined {
  const { members, organization } = config.accounts;
  if (organization)
    return {
      mode: "organization",
      units: [...organization.units],
      regions: [...config.regions],
      roleRegion: config.homeRegion,
    };
  if (members.length === 0) return undefined;
  const instances = members.flatMap((member) => {
    const regions: string[] = member.regions.length > 0 ? [...new Set(member.regions)] : [...config.regions];
    const roleRegion = regions.includes(config.homeRegion) ? config.homeRegion : (regions[0] as string);
    return regions.map((region) => ({
      account: member.id,
      ...(member.name ? { name: member.name } : {}),
      region,
      roleRegion,
    }));
  });
  const regions = config.regions.filter((r) => instances.some((i) => i.region === r));
  return { mode: "accounts", instances, regions };
}
