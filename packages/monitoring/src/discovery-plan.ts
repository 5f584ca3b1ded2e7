import type { ResolvedConfig } from "@fleetwatch/config";
import { DISCOVERY_REFRESH_PERIOD_MINUTES } from "@fleetwatch/state-layout";
import {
  type AccountRegion,
  discoveryMembers,
  groupCoverage,
  type MemberAccountRef,
  type ScrapedAccount,
} from "./accounts.js";

// The plan's Discovery section: per scrape group, the account x region pairs its Prometheus discovers in.

/** What one group discovers. */
export interface GroupDiscovery {
  readonly group: string;
  /** Its `ec2_sd_configs` blocks: the home account first, then members by id. */
  readonly pairs: AccountRegion[];
  /** Accounts its selector lists that are neither home nor a member (not in the units at deploy time). */
  readonly missing: string[];
}

/** Where each group discovers, from the config and (Organization mode) the units' accounts found at deploy time. */
export function discoveryPlan(
  config: ResolvedConfig,
  unitAccounts: readonly MemberAccountRef[] = [],
  homeAccountId?: string,
): GroupDiscovery[] {
  const members = discoveryMembers(config, unitAccounts);
  return config.scrapeGroups.map((group) => ({
    group: group.name,
    ...groupCoverage(config, group, members, homeAccountId),
  }));
}

function accountText(account: ScrapedAccount): string {
  if (account.kind === "home") return "home";
  return account.name ? `${account.id} (${account.name})` : account.id;
}

/** One line per account: its regions. */
function accountLines(pairs: readonly AccountRegion[]): string[] {
  const regions = new Map<string, string[]>();
  for (const pair of pairs) {
    const key = accountText(pair.account);
    regions.set(key, [...(regions.get(key) ?? []), pair.region]);
  }
  return [...regions].map(([account, list]) => `    ${account}: ${list.join(", ")}`);
}

/** The source of the member accounts, in words. */
function sourceLine(config: ResolvedConfig, unitAccounts: readonly MemberAccountRef[]): string {
  const units = config.accounts.organization?.units;
  if (!units && config.accounts.members.length === 0)
    return "  member accounts: none (accounts.members and accounts.organization unset): the home account only";
  if (!units)
    return `  member accounts: ${config.accounts.members.length} listed in accounts.members; role ${config.accounts.memberRoleName}`;
  return `  member accounts: ${unitAccounts.length} ACTIVE in ${units.join(", ")} at deploy time (the discovery refresh follows the units every ${DISCOVERY_REFRESH_PERIOD_MINUTES} minutes); role ${config.accounts.memberRoleName}`;
}

/** The plan's Discovery section: where the member accounts come from, then each group's account x region pairs. */
export function formatDiscoveryPlan(
  config: ResolvedConfig,
  plan: readonly GroupDiscovery[],
  unitAccounts: readonly MemberAccountRef[] = [],
): string {
  return [
    "Discovery (account x region each scrape group scrapes):",
    sourceLine(config, unitAccounts),
    ...plan.flatMap((g) => [
      `  ${g.group}: ${g.pairs.length} ec2_sd_configs block${g.pairs.length === 1 ? "" : "s"}`,
      ...accountLines(g.pairs),
      ...g.missing.map(
        (id) =>
          `    warning: ${id} is not an account of the units yet: discovered once the discovery refresh or a deploy finds it there`,
      ),
    ]),
  ].join("\n");
}
