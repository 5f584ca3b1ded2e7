import { TWO_REGIONS_TWO_GROUPS } from "@fleetwatch/devkit/fakes/settings";
import {
  type AccountSettings,
  admission,
  canonicalRef,
  eligibility,
  type Instance,
  instanceKey,
  memberAccount,
  memberRoleArn,
  type OnboardingSettings,
  tagKeys,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const HOME = "123456789012";
const MEMBERS: AccountSettings = {
  home: HOME,
  memberRoleName: "fleetwatch-member",
  members: [
    { id: "210987654321", name: "payments", regions: [] },
    { id: "333333333333", regions: ["eu-west-1"] },
  ],
  units: [],
};
const withMembers = { accounts: MEMBERS };
const withUnits = { accounts: { ...MEMBERS, members: [], units: ["ou-ab12-cdef3456"] } };

describe("memberAccount and canonicalRef", () => {
  it.each([
    ["no account", undefined, withMembers, undefined],
    ["the home account's id", HOME, withMembers, undefined],
    ["a member's id", "210987654321", withMembers, "210987654321"],
    ["any id without accounts configured", "210987654321", {}, undefined],
  ])("makes %s canonical", (_, account, settings, want) => {
    expect(memberAccount(account, settings)).toBe(want);
    const ref = canonicalRef(
      { id: "i-12345678", region: "us-east-1", ...(account ? { account } : {}) },
      settings,
    );
    expect(ref.account).toBe(want);
    expect("account" in ref).toBe(want !== undefined);
  });

  it("keys a home instance as before and a member's under its account", () => {
    expect(instanceKey({ id: "i-12345678", region: "us-east-1" })).toBe("us-east-1/i-12345678");
    expect(instanceKey({ id: "i-12345678", region: "us-east-1", account: "210987654321" })).toBe(
      "210987654321/us-east-1/i-12345678",
    );
  });

  it("names the member role by account", () => {
    expect(memberRoleArn("210987654321", "fleetwatch-member")).toBe(
      "arn:aws:iam::210987654321:role/fleetwatch-member",
    );
  });
});

describe("admission", () => {
  it.each([
    ["the home account", { region: "us-east-1" }, withMembers, true],
    ["a listed member", { region: "us-east-1", account: "210987654321" }, withMembers, true],
    ["a member in its own region", { region: "eu-west-1", account: "333333333333" }, withMembers, true],
    ["a member outside its regions", { region: "us-east-1", account: "333333333333" }, withMembers, false],
    ["an account that is not listed", { region: "us-east-1", account: "444444444444" }, withMembers, false],
    ["any account in Organization mode", { region: "us-east-1", account: "444444444444" }, withUnits, true],
  ])("admits %s: %s", (_, ref, settings, admitted) => {
    expect(admission(ref, settings).admitted).toBe(admitted);
  });

  const listed = {
    units: ["ou-ab12-cdef3456", "r-ab12"],
    accounts: new Set(["210987654321"]),
    listedAt: new Date("2026-11-29T10:00:00Z"),
  };
  it.each([
    ["the home account", { region: "us-east-1" }, true],
    ["an account the listing has", { region: "us-east-1", account: "210987654321" }, true],
    ["an account the listing lacks", { region: "us-east-1", account: "444444444444" }, false],
  ])("with the units' listing, admits %s: %s", (_, ref, admitted) => {
    expect(admission(ref, withUnits, listed).admitted).toBe(admitted);
  });

  it("says which units an account is not an ACTIVE account of, and when they were listed", () => {
    expect(admission({ region: "us-east-1", account: "444444444444" }, withUnits, listed)).toEqual({
      admitted: false,
      reason:
        "account 444444444444 is not an ACTIVE account of ou-ab12-cdef3456 or r-ab12 (listed 2026-11-29T10:00:00.000Z)",
    });
  });

  it("ignores a listing in members mode (its own list decides)", () => {
    expect(admission({ region: "eu-west-1", account: "333333333333" }, withMembers, listed).admitted).toBe(
      true,
    );
  });

  it("says why an account is not admitted, naming the key", () => {
    expect(admission({ region: "us-east-1", account: "444444444444" }, withMembers)).toEqual({
      admitted: false,
      reason: "account 444444444444 is not one of accounts.members",
    });
  });
});

describe("eligibility by account", () => {
  const settings: OnboardingSettings = {
    ...TWO_REGIONS_TWO_GROUPS,
    accounts: MEMBERS,
    groups: [
      { name: "payments", regions: [], tags: {}, vpcIds: [], accounts: ["210987654321"] },
      { name: "home", regions: [], tags: {}, vpcIds: [], accounts: ["home"] },
    ],
  };
  const keys = tagKeys(settings.tagPrefix);
  const instance = (account?: string, region = "us-east-1"): Instance => ({
    id: "i-12345678",
    region,
    ...(account ? { account } : {}),
    state: "running",
    launchTime: new Date(0),
    tags: {},
  });

  it.each([
    ["a payments instance", instance("210987654321"), { eligible: true, group: "payments" }],
    ["a home instance", instance(), { eligible: true, group: "home" }],
    [
      "an instance of a member no group takes",
      instance("333333333333", "eu-west-1"),
      { eligible: false, reason: "no-matching-group" },
    ],
    [
      "an instance outside its member's regions",
      instance("333333333333"),
      { eligible: false, reason: "region-not-configured" },
    ],
  ])("places %s", (_, i, want) => {
    expect(eligibility(i, settings, keys)).toEqual(want);
  });
});
