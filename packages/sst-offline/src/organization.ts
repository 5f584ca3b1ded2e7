import type { MockAccount } from "./mocks.js";

// The Organization the offline plan pretends fleetwatch is deployed in: the mocked account is its management
// account; two units of example accounts (one suspended, as Organizations lists closed accounts for a while),
// and any other unit holds one account derived from its id, so every config's units have members to show.

/** An account as `aws.organizations` data sources return it. */
export interface MockOrganizationAccount {
  id: string;
  arn: string;
  email: string;
  name: string;
  state: "ACTIVE" | "SUSPENDED";
  status: "ACTIVE" | "SUSPENDED";
  joinedMethod: "CREATED" | "INVITED";
  joinedTimestamp: string;
}

/** The Organization's id (`o-...`). */
export const MOCK_ORGANIZATION_ID = "o-a1b2c3d4e5";
/** The Organization's root id. */
export const MOCK_ROOT_ID = "r-ab12";

/** The example units and their accounts: [id, name, state]. */
export const MOCK_UNITS: Record<string, [string, string, "ACTIVE" | "SUSPENDED"][]> = {
  "ou-ab12-cdef3456": [
    ["210987654321", "payments-prod", "ACTIVE"],
    ["210987654322", "payments-staging", "ACTIVE"],
  ],
  "ou-ab12-0123abcd": [
    ["310987654321", "data-prod", "ACTIVE"],
    ["310987654329", "data-retired", "SUSPENDED"],
  ],
};

function account(
  management: string,
  id: string,
  name: string,
  state: "ACTIVE" | "SUSPENDED",
): MockOrganizationAccount {
  return {
    id,
    arn: `arn:aws:organizations::${management}:account/${MOCK_ORGANIZATION_ID}/${id}`,
    email: `aws+${name}@example.com`,
    name,
    state,
    status: state,
    joinedMethod: "CREATED",
    joinedTimestamp: "2024-01-15T09:00:00Z",
  };
}

/** A 12-digit id derived from a unit id, so an unknown unit always lists the same account. */
function derivedId(unit: string): string {
  let hash = 7;
  for (const char of unit) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_000;
  return `4${String(hash).padStart(11, "0")}`;
}

/**
 * The accounts in a unit and its children (`getOrganizationalUnitDescendantAccounts`), as the management account
 * `management` sees them.
 */
export function unitAccounts(unit: string, management: string): MockOrganizationAccount[] {
  const listed = MOCK_UNITS[unit];
  if (listed) return listed.map(([id, name, state]) => account(management, id, name, state));
  return [account(management, derivedId(unit), `member-${unit}`, "ACTIVE")];
}

/** `getOrganization`: the management account (the mocked one) and every example unit's accounts. */
export function organization(management: MockAccount) {
  const accounts = [
    account(management.accountId, management.accountId, "management", "ACTIVE"),
    ...Object.keys(MOCK_UNITS).flatMap((unit) => unitAccounts(unit, management.accountId)),
  ];
  return {
    id: MOCK_ORGANIZATION_ID,
    arn: `arn:aws:organizations::${management.accountId}:organization/${MOCK_ORGANIZATION_ID}`,
    featureSet: "ALL",
    masterAccountId: management.accountId,
    masterAccountArn: `arn:aws:organizations::${management.accountId}:account/${MOCK_ORGANIZATION_ID}/${management.accountId}`,
    masterAccountEmail: "aws+management@example.com",
    masterAccountName: "management",
    awsServiceAccessPrincipals: ["member.org.stacksets.cloudformation.amazonaws.com"],
    enabledPolicyTypes: [],
    accounts,
    nonMasterAccounts: accounts.filter((a) => a.id !== management.accountId),
    roots: [
      {
        id: MOCK_ROOT_ID,
        arn: `arn:aws:organizations::${management.accountId}:root/${MOCK_ORGANIZATION_ID}/${MOCK_ROOT_ID}`,
        name: "Root",
        policyTypes: [],
      },
    ],
  };
}
