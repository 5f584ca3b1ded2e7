import type { InstanceRef } from "./instance.js";
import type { UnitAccounts } from "./membership.js";

/** A listed member account, as onboarding sees it. */
export interface MemberSettings {
  /** 12 digits. */
  id: string;
  /** The account's name in the config (the targets' `account` label). */
  name?: string;
  /** Regions onboarded in the account; empty: every onboarded region. */
  regions: string[];
}

/** The accounts besides the home account (the config's `accounts`, with the home account's id from the deploy). */
export interface AccountSettings {
  /** The account fleetwatch is deployed in (12 digits): its instances keep the keys they always had. */
  home: string;
  /** The role the StackSet creates in every member account (`accounts.memberRoleName`). */
  memberRoleName: string;
  /** Members mode: the listed accounts (empty in Organization mode). */
  members: MemberSettings[];
  /** Organization mode: units (and roots) whose ACTIVE accounts are members, listed at run time. */
  units: string[];
}

/** What onboarding knows of the accounts: none configured means the home account alone. */
interface WithAccounts {
  accounts?: AccountSettings;
}

/**
 * The member account a ref is in, or undefined for the home account: no account named, the home account's id, or
 * no accounts configured (fleetwatch then onboards its own account only, and every event is its own).
 */
export function memberAccount(account: string | undefined, settings: WithAccounts): string | undefined {
  const home = settings.accounts?.home;
  if (account === undefined || home === undefined || account === home) return undefined;
  return account;
}

/** The ref with its account made canonical (absent for the home account). */
export function canonicalRef<R extends InstanceRef>(ref: R, settings: WithAccounts): R {
  const { account: _, ...rest } = ref;
  const member = memberAccount(ref.account, settings);
  return (member === undefined ? rest : { ...rest, account: member }) as R;
}

/** The key of an account x region: `<region>` in the home account, `<account>/<region>` in a member. */
export const scopeKey = (ref: Pick<InstanceRef, "account" | "region">): string =>
  ref.account ? `${ref.account}/${ref.region}` : ref.region;

/** The key of an instance: its account x region and id (ids are unique per account and region only). */
export const instanceKey = (ref: InstanceRef): string => `${scopeKey(ref)}/${ref.id}`;

/** Whether onboarding takes an instance of this account x region, or why not. */
export type Admission = { admitted: true } | { admitted: false; reason: string };

/**
 * Whether events of a (canonical) account x region are onboarded: the home account always; in members mode only
 * the listed accounts, in their own `regions` when they name some; in Organization mode the units' ACTIVE
 * accounts as `listed` found them (an account that left the units is refused, its instances left as they were),
 * or any account when there is no listing (none asked, or it failed: AssumeRole of the member role guards).
 */
export function admission(
  ref: Pick<InstanceRef, "account" | "region">,
  settings: WithAccounts,
  listed?: UnitAccounts,
): Admission {
  const account = ref.account;
  const accounts = settings.accounts;
  if (account === undefined || accounts === undefined) return { admitted: true };
  if (accounts.units.length > 0) return unitAdmission(account, listed);
  const member = accounts.members.find((m) => m.id === account);
  if (!member) return { admitted: false, reason: `account ${account} is not one of accounts.members` };
  if (member.regions.length > 0 && !member.regions.includes(ref.region))
    return {
      admitted: false,
      reason: `region ${ref.region} is not one of the regions of account ${account} (accounts.members)`,
    };
  return { admitted: true };
}

/** Organization mode: a member account is admitted when the listing has it, or when there is no listing. */
function unitAdmission(account: string, listed: UnitAccounts | undefined): Admission {
  if (!listed || listed.accounts.has(account)) return { admitted: true };
  return {
    admitted: false,
    reason: `account ${account} is not an ACTIVE account of ${listed.units.join(" or ")} (listed ${listed.listedAt.toISOString()})`,
  };
}

/** The role ARN of a member account: `arn:aws:iam::<account>:role/<memberRoleName>` (IAM is global). */
export const memberRoleArn = (account: string, roleName: string): string =>
  `arn:aws:iam::${account}:role/${roleName}`;

/** Instances described in an account x region, each naming its member account (none at home). */
export function inAccount<I extends { account?: string }>(
  instances: readonly I[],
  account: string | undefined,
): I[] {
  return instances.map((i) => {
    const { account: _, ...rest } = i;
    return (account === undefined ? rest : { ...rest, account }) as I;
  });
}
