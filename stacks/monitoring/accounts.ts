import type { ResolvedConfig } from "@fleetwatch/config";
import { activeMembers, type MemberAccountRef, type OrganizationAccount } from "@fleetwatch/monitoring";

// The accounts Prometheus discovers in, as the deploy finds them: in Organization mode the units' accounts are
// read from AWS Organizations at deploy time; between deploys the discovery refresh (discovery-refresh.ts) follows
// the units at run time.

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

/** The accounts of one unit: a root (`r-...`) holds the whole Organization. */
function unitAccounts(unit: string): $util.Output<OrganizationAccount[]> {
  if (unit.startsWith("r-")) return aws.organizations.getOrganizationOutput({}).accounts;
  return aws.organizations.getOrganizationalUnitDescendantAccountsOutput({ parentId: unit }).accounts;
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
