import { z } from "zod";
import { awsRegion } from "./fields.js";
import { type Problem, refine } from "./rule.js";
import { show } from "./text.js";

// The `accounts` section: member accounts whose instances fleetwatch onboards and scrapes besides the home
// account, listed by id or found in Organization units. Rules on one value live here with their fields; rules
// relating accounts to other sections (regions, group selectors) live in schema.ts.

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;
/** An Organization unit id (`ou-<root>-<unit>`) or an Organization root id (`r-...`): what StackSets deploy to. */
export const ORGANIZATION_TARGET = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
/** An IAM role name. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** A member account's name: the value of its targets' `account` label. */
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** What a group selector writes for the account fleetwatch is deployed in. */
export const HOME_ACCOUNT = "home";
/** The default name of the role the StackSet creates in every member account. */
export const DEFAULT_MEMBER_ROLE_NAME = "fleetwatch-member";

/**
 * Whether AWS Organizations lists an account as ACTIVE (its `State`, or the retired `Status` of older answers):
 * a suspended, closing or closed account can be neither entered nor scraped. The one rule of onboarding's and
 * discovery's listings of the units' accounts.
 */
export const isActiveAccount = (account: { readonly state?: string; readonly status?: string }): boolean =>
  (account.state || account.status) === "ACTIVE";

function accountId() {
  return refine(z.string(), (value) =>
    ACCOUNT_ID.test(value)
      ? undefined
      : {
          message: `must be a 12-digit AWS account id like "123456789012", got ${show(value)}`,
          fix: ACCOUNT_ID.test(value.replace(/[\s-]/g, ""))
            ? (at) => `set ${at} to ${show(value.replace(/[\s-]/g, ""))}`
            : () => "copy the id from `aws organizations list-accounts` (12 digits, no dashes)",
        },
  );
}

function organizationTarget() {
  return refine(z.string(), (value) =>
    ORGANIZATION_TARGET.test(value)
      ? undefined
      : {
          message: `must be an Organization unit id like "ou-ab12-cdef3456" (or a root id "r-ab12"), got ${show(value)}`,
          fix: () => "copy the id from `aws organizations list-organizational-units-for-parent`",
        },
  );
}

/** A problem for each value whose key an earlier value had, at `[index, ...field]`. */
function duplicates<T>(
  values: readonly T[],
  key: (v: T) => string | undefined,
  field: string[],
  what: string,
): Problem[] {
  const first = new Map<string, number>();
  return values.flatMap((value, index): Problem[] => {
    const k = key(value);
    if (k === undefined) return [];
    const seen = first.get(k);
    if (seen === undefined) {
      first.set(k, index);
      return [];
    }
    return [
      {
        path: [index, ...field],
        message: `must be unique, got ${show(k)}, listed at [${seen}] too`,
        fix: (at) => `remove the entry of ${at}: the ${what} is listed once already`,
      },
    ];
  });
}

const memberSchema = z.strictObject({
  id: accountId(),
  name: refine(z.string(), (value) =>
    ACCOUNT_NAME.test(value) && value !== HOME_ACCOUNT
      ? undefined
      : {
          message: `must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit, and not "home", got ${show(value)}`,
          fix: (at) => `set ${at} to e.g. "payments-prod"`,
        },
  ).optional(),
  regions: z.array(awsRegion()).default([]),
});

const membersSchema = refine(z.array(memberSchema), (members): Problem[] => [
  ...duplicates(members, (m) => m.id, ["id"], "account"),
  ...duplicates(members, (m) => m.name, ["name"], "name"),
]);

const organizationSchema = z.strictObject({
  units: refine(z.array(organizationTarget()), (units): Problem[] => [
    ...(units.length === 0
      ? [
          {
            message: "must list at least one unit, got []",
            fix: (at: string) => `set ${at} to e.g. ["ou-ab12-cdef3456"], or remove accounts.organization`,
          },
        ]
      : []),
    ...duplicates(units, (u) => u, [], "unit"),
  ]),
  delegatedAdministrator: z.boolean().default(false),
});

/** The `accounts` section. */
export const accountsSchema = refine(
  z.strictObject({
    members: membersSchema.default([]),
    organization: organizationSchema.optional(),
    memberRoleName: refine(z.string(), (value) =>
      ROLE_NAME.test(value)
        ? undefined
        : {
            message: `must be an IAM role name (1 to 64 letters, digits and +=,.@_-), got ${show(value)}`,
            fix: (at) => `set ${at} to ${show(DEFAULT_MEMBER_ROLE_NAME)}`,
          },
    ).default(DEFAULT_MEMBER_ROLE_NAME),
  }),
  (accounts): Problem[] =>
    accounts.organization && accounts.members.length > 0
      ? [
          {
            path: ["members"],
            message:
              "must be empty when accounts.organization is set: list accounts or Organization units, not both",
            fix: () =>
              "remove accounts.members (the units' accounts are found by themselves) or accounts.organization",
          },
        ]
      : [],
);
