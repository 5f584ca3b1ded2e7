import type { ResolvedConfig } from "@fleetwatch/config";
import type { MemberAccountRef } from "@fleetwatch/monitoring";

// The accounts Prometheus discovers in, as the deploy finds them: in Organization mode the units' accounts are
// read from AWS Organizations at deploy time (an account that joins a unit is discovered after the next deploy).

/** What discovery across accounts needs to know at deploy time. */
export interface DiscoveryAccounts {
  /** The account fleetwatch is deployed in. */
  homeAccountId: $util.Output<string>;
  /**
   * Organization mode: the ACTIVE accounts of the units (child units included), the home account left out,
   * named as the Organization names them. Members mode: empty (the config lists them).
   */
  unitAccounts: $util.Output<MemberAccountRef[]>;
  /** Organization mode: the Organization's id (`o-...`), which `aws:ResourceOrgID` is compared with. */
  organizationId: $util.Output<string> | undefined;
}

/** An account as AWS Organizations lists it (`state` replaced the deprecated `status`). */
interface OrganizationAccount {
  id: string;
  name: string;
  state?: string;
  status?: string;
}

/** The accounts of one unit: a root (`r-...`) holds the whole Organization. */
function unitAccounts(unit: string): $util.Output<OrganizationAccount[]> {
  if (unit.startsWith("r-")) return aws.organizations.getOrganizationOutput({}).accounts;
  return aws.organizations.getOrganizationalUnitDescendantAccountsOutput({ parentId: unit }).accounts;
}

/** The member accounts of a set of listed accounts: ACTIVE only, not the home account, each once, by id. */
export function activeMembers(
  accounts: readonly OrganizationAccount[],
  homeAccountId: string,
): MemberAccountRef[] {
  const byId = new Map<string, MemberAccountRef>();
  for (const account of accounts) {
    const state = account.state || account.status;
    if (state !== "ACTIVE" || account.id === homeAccountId || byId.has(account.id)) continue;
    byId.set(account.id, { id: account.id, ...(account.name ? { name: account.name } : {}) });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The home account, and in Organization mode the units' accounts and the Organization's id. */
export function discoveryAccounts(config: ResolvedConfig): DiscoveryAccounts {
  const homeAccountId = aws.getCallerIdentityOutput({}).accountId;
  const units = config.accounts.organization?.units;
  if (!units) return { homeAccountId, unitAccounts: $util.output([]), organizationId: undefined };
  return {
    homeAccountId,
    unitAccounts: $util
      .all([homeAccountId, $util.all(units.map(unitAccounts))])
      .apply(([home, lists]) => activeMembers(lists.flat(), home)),
    organizationId: aws.organizations.getOrganizationOutput({}).id,
  };
}
