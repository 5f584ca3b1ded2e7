import { HOME_ACCOUNT, isActiveAccount, type ResolvedConfig } from "@fleetwatch/config";

// Which account x region pairs each scrape group discovers: the one answer the rendered ec2_sd_configs, the
// Prometheus task roles' AssumeRole grant and the plan's Discovery section share.

type Group = ResolvedConfig["scrapeGroups"][number];

/** The regions a group scrapes: its own list, or every region of the config. */
export function groupRegions(config: ResolvedConfig, group: Group): string[] {
  return group.regions.length > 0 ? group.regions : config.regions;
}

/** A member account as discovery sees it: listed in `accounts.members`, or found in the Organization units. */
export interface MemberAccountRef {
  /** The 12-digit account id. */
  readonly id: string;
  /** The `account` label of its targets, when known (the config's name, or the Organization's account name). */
  readonly name?: string;
  /** The regions onboarded in it; empty or absent means every onboarded region. */
  readonly regions?: readonly string[];
}

/**
 * An account as AWS Organizations lists it: `state` (`ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`), or the
 * deprecated `status` in answers from before AWS retired it.
 */
export interface OrganizationAccount {
  readonly id: string;
  readonly name?: string;
  readonly state?: string;
  readonly status?: string;
}

/**
 * The member accounts of a set of listed accounts: ACTIVE only (a suspended or closing account cannot be entered),
 * not the home account, each once, by id. The one rule the deploy (stacks/monitoring/accounts.ts) and the run-time
 * refresh ({@link refreshDiscovery}) both apply to the units' accounts.
 */
export function activeMembers(
  accounts: readonly OrganizationAccount[],
  homeAccountId: string | undefined,
): MemberAccountRef[] {
  const byId = new Map<string, MemberAccountRef>();
  for (const account of accounts) {
    if (!isActiveAccount(account) || account.id === homeAccountId || byId.has(account.id)) continue;
    byId.set(account.id, { id: account.id, ...(account.name ? { name: account.name } : {}) });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The account a discovery block reads: the home account (the task role's own), or a member (its member role). */
export type ScrapedAccount =
  | { readonly kind: "home" }
  | { readonly kind: "member"; readonly id: string; readonly name?: string };

/** One `ec2_sd_configs` block of a group: an account and a region. */
export interface AccountRegion {
  readonly account: ScrapedAccount;
  readonly region: string;
}

/** What a group's selector asks for, resolved against the member accounts. */
export interface GroupCoverage {
  /** The account x region pairs the group discovers, the home account first, then members by id. */
  readonly pairs: AccountRegion[];
  /**
   * Account ids the selector lists that are neither the home account nor a member (Organization mode: not in
   * the units at deploy time). They are discovered once the discovery refresh or a deploy finds them in a unit.
   */
  readonly missing: string[];
}

/**
 * The member accounts discovery covers: `accounts.members` in members mode; in Organization mode the accounts
 * the stack found in the units at deploy time (`found`), sorted by id without duplicates, so the rendered config
 * does not change with the order AWS lists them in.
 */
export function discoveryMembers(
  config: ResolvedConfig,
  found: readonly MemberAccountRef[] = [],
): MemberAccountRef[] {
  if (!config.accounts.organization) return config.accounts.members;
  const byId = new Map<string, MemberAccountRef>();
  for (const account of found) if (!byId.has(account.id)) byId.set(account.id, account);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The ARN of the role the StackSet creates in a member account: what the Prometheus tasks assume there. */
export function memberRoleArn(config: Pick<ResolvedConfig, "accounts">, accountId: string): string {
  return `arn:aws:iam::${accountId}:role/${config.accounts.memberRoleName}`;
}

/**
 * The account x region pairs a group discovers: its selector's accounts (empty: the home account and every
 * member) times its regions (empty: every onboarded region), a member's own `regions` narrowing them.
 * `homeAccountId`, when known, lets a selector name the home account by its id.
 */
export function groupCoverage(
  config: ResolvedConfig,
  group: Group,
  members: readonly MemberAccountRef[],
  homeAccountId?: string,
): GroupCoverage {
  const wanted = group.selector.accounts;
  const any = wanted.length === 0;
  const home =
    any || wanted.some((a) => a === HOME_ACCOUNT || (homeAccountId !== undefined && a === homeAccountId));
  const chosen = members.filter(
    (m) =>
      m.id !== homeAccountId &&
      (any || wanted.includes(m.id) || (m.name !== undefined && wanted.includes(m.name))),
  );
  const known = new Set([
    HOME_ACCOUNT,
    ...(homeAccountId ? [homeAccountId] : []),
    ...members.flatMap((m) => [m.id, ...(m.name ? [m.name] : [])]),
  ]);
  const regions = groupRegions(config, group);
  const pairs: AccountRegion[] = [
    ...(home ? regions.map((region): AccountRegion => ({ account: { kind: "home" }, region })) : []),
    ...chosen.flatMap((member) =>
      regions
        .filter((region) => !member.regions?.length || member.regions.includes(region))
        .map((region): AccountRegion => ({ account: memberAccount(member), region })),
    ),
  ];
  return { pairs, missing: wanted.filter((a) => !known.has(a)) };
}

function memberAccount(member: MemberAccountRef): ScrapedAccount {
  return { kind: "member", id: member.id, ...(member.name ? { name: member.name } : {}) };
}

/** The member accounts (by id) a group discovers in: the accounts whose member role its Prometheus assumes. */
export function assumedAccounts(
  config: ResolvedConfig,
  group: Group,
  members: readonly MemberAccountRef[],
  homeAccountId?: string,
): string[] {
  const ids = groupCoverage(config, group, members, homeAccountId).pairs.flatMap(({ account }) =>
    account.kind === "member" ? [account.id] : [],
  );
  return [...new Set(ids)].sort();
}
