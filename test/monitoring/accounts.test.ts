import { describe, expect, it } from "vitest";
import {
  activeMembers,
  assumedAccounts,
  discoveryMembers,
  groupCoverage,
  groupRegions,
  memberRoleArn,
} from "../../packages/monitoring/src/accounts.js";
import twoUnits from "../fixtures/configs/two-units.js";
import { config, MEMBER_GROUPS } from "./tools.js";

const HOME_ID = "123456789012";
/** The units' accounts as the stack finds them, in the order AWS might list them (not sorted, one twice). */
const UNIT_ACCOUNTS = [
  { id: "310987654321", name: "data-prod" },
  { id: "210987654321", name: "payments-prod" },
  { id: "210987654322", name: "payments-staging" },
  { id: "210987654321", name: "payments-prod" },
];

function group(resolved: ReturnType<typeof config>, name: string) {
  const found = resolved.scrapeGroups.find((g) => g.name === name);
  if (!found) throw new Error(`no group ${name}`);
  return found;
}

/** A pair as text: `home/us-east-1`, `210987654321 payments-prod/eu-west-1`. */
function pairsOf(coverage: ReturnType<typeof groupCoverage>): string[] {
  return coverage.pairs.map(({ account, region }) =>
    account.kind === "home"
      ? `home/${region}`
      : `${account.id}${account.name ? ` ${account.name}` : ""}/${region}`,
  );
}

describe("groupRegions", () => {
  const resolved = config({
    homeRegion: "eu-west-1",
    regions: ["us-east-1", "ap-southeast-2"],
    scrapeGroups: [
      { name: "all", selector: { tags: { a: "1" } } },
      { name: "sydney", regions: ["ap-southeast-2"] },
    ],
  });
  it.each([
    ["all", ["eu-west-1", "us-east-1", "ap-southeast-2"]],
    ["sydney", ["ap-southeast-2"]],
  ])("gives group %s the regions %j", (name, regions) => {
    expect(groupRegions(resolved, group(resolved, name))).toEqual(regions);
  });
});

describe("groupCoverage, members mode", () => {
  const resolved = config(MEMBER_GROUPS);
  const members = discoveryMembers(resolved);

  it.each([
    ["home", ["home/us-east-1", "home/eu-west-1"]],
    ["payments", ["111111111111 payments-prod/us-east-1", "111111111111 payments-prod/eu-west-1"]],
    [
      "default",
      [
        "home/us-east-1",
        "home/eu-west-1",
        "111111111111 payments-prod/us-east-1",
        "111111111111 payments-prod/eu-west-1",
        // A member's own regions narrow the group's.
        "222222222222/eu-west-1",
      ],
    ],
  ])("gives group %s the account x region pairs %j", (name, pairs) => {
    const coverage = groupCoverage(resolved, group(resolved, name), members);
    expect(pairsOf(coverage)).toEqual(pairs);
    expect(coverage.missing).toEqual([]);
  });

  it("takes the members from the config, whatever the stack passes", () => {
    expect(discoveryMembers(resolved, [{ id: "999999999999" }]).map((m) => m.id)).toEqual([
      "111111111111",
      "222222222222",
    ]);
  });

  it("names the member role by the config's role name", () => {
    expect(memberRoleArn(resolved, "111111111111")).toBe("arn:aws:iam::111111111111:role/fleetwatch-member");
    const renamed = config({
      ...MEMBER_GROUPS,
      accounts: { ...MEMBER_GROUPS.accounts, memberRoleName: "fw-discovery" },
    });
    expect(memberRoleArn(renamed, "111111111111")).toBe("arn:aws:iam::111111111111:role/fw-discovery");
  });

  it.each([
    ["home", []],
    ["payments", ["111111111111"]],
    ["default", ["111111111111", "222222222222"]],
  ])("has group %s assume the roles of exactly the members it discovers in: %j", (name, ids) => {
    expect(assumedAccounts(resolved, group(resolved, name), members)).toEqual(ids);
  });
});

describe("groupCoverage, Organization mode", () => {
  const resolved = config(twoUnits);

  it("takes the units' accounts the stack found, sorted by id, each once", () => {
    expect(discoveryMembers(resolved, UNIT_ACCOUNTS).map((m) => m.id)).toEqual([
      "210987654321",
      "210987654322",
      "310987654321",
    ]);
  });

  it("gives a group that selects one account only that account, in every region", () => {
    const coverage = groupCoverage(
      resolved,
      group(resolved, "payments"),
      discoveryMembers(resolved, UNIT_ACCOUNTS),
    );
    expect(pairsOf(coverage)).toEqual([
      "210987654321 payments-prod/us-east-1",
      "210987654321 payments-prod/eu-west-1",
    ]);
  });

  it("gives a group without account selector the home account and every unit account in its regions", () => {
    const coverage = groupCoverage(
      resolved,
      group(resolved, "members"),
      discoveryMembers(resolved, UNIT_ACCOUNTS),
    );
    expect(pairsOf(coverage)).toEqual([
      "home/us-east-1",
      "home/eu-west-1",
      "210987654321 payments-prod/us-east-1",
      "210987654321 payments-prod/eu-west-1",
      "210987654322 payments-staging/us-east-1",
      "210987654322 payments-staging/eu-west-1",
      "310987654321 data-prod/us-east-1",
      "310987654321 data-prod/eu-west-1",
    ]);
  });

  it("reports a selected account that is not in the units (yet), and discovers nothing for it", () => {
    const coverage = groupCoverage(resolved, group(resolved, "payments"), []);
    expect(coverage.pairs).toEqual([]);
    expect(coverage.missing).toEqual(["210987654321"]);
  });

  it("treats a selected id that is the home account's as home, never as a member role to assume", () => {
    const homeSelected = config({
      ...twoUnits,
      scrapeGroups: [{ name: "mine", selector: { accounts: [HOME_ID] } }, { name: "default" }],
    });
    const members = discoveryMembers(homeSelected, [...UNIT_ACCOUNTS, { id: HOME_ID, name: "management" }]);
    const coverage = groupCoverage(homeSelected, group(homeSelected, "mine"), members, HOME_ID);
    expect(pairsOf(coverage)).toEqual(["home/us-east-1", "home/eu-west-1"]);
    expect(assumedAccounts(homeSelected, group(homeSelected, "mine"), members, HOME_ID)).toEqual([]);
    expect(assumedAccounts(homeSelected, group(homeSelected, "default"), members, HOME_ID)).not.toContain(
      HOME_ID,
    );
  });
});

describe("activeMembers", () => {
  it("keeps ACTIVE accounts other than home, once each, by id, named as the Organization names them", () => {
    expect(
      activeMembers(
        [
          { id: "310987654321", name: "data-prod", state: "ACTIVE" },
          { id: HOME_ID, name: "management", state: "ACTIVE" },
          { id: "310987654329", name: "data-retired", state: "SUSPENDED" },
          { id: "210987654321", name: "payments-prod", state: "", status: "ACTIVE" },
          { id: "210987654321", name: "payments-prod", state: "ACTIVE" },
          { id: "510987654321", name: "closing", state: "PENDING_CLOSURE" },
        ],
        HOME_ID,
      ),
    ).toEqual([
      { id: "210987654321", name: "payments-prod" },
      { id: "310987654321", name: "data-prod" },
    ]);
  });
});
