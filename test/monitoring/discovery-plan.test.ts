import { describe, expect, it } from "vitest";
import { discoveryPlan, formatDiscoveryPlan } from "../../packages/monitoring/src/discovery-plan.js";
import twoUnits from "../fixtures/configs/two-units.js";
import { config, MEMBER_GROUPS, TWO_UNITS_ACCOUNTS } from "./tools.js";

describe("formatDiscoveryPlan", () => {
  it("lists, per group, each account with its regions, named members by name, after the accounts' source", () => {
    const resolved = config(twoUnits);
    const plan = discoveryPlan(resolved, TWO_UNITS_ACCOUNTS);
    expect(formatDiscoveryPlan(resolved, plan, TWO_UNITS_ACCOUNTS).split("\n")).toEqual([
      "Discovery (account x region each scrape group scrapes):",
      "  member accounts: 3 ACTIVE in ou-ab12-cdef3456, ou-ab12-0123abcd at deploy time (the discovery refresh follows the units every 10 minutes); role fleetwatch-member",
      "  payments: 2 ec2_sd_configs blocks",
      "    210987654321 (payments-prod): us-east-1, eu-west-1",
      "  members: 8 ec2_sd_configs blocks",
      "    home: us-east-1, eu-west-1",
      "    210987654321 (payments-prod): us-east-1, eu-west-1",
      "    210987654322 (payments-staging): us-east-1, eu-west-1",
      "    310987654321 (data-prod): us-east-1, eu-west-1",
    ]);
  });

  it("warns about a selected account the units do not hold (yet), whose group then scrapes nothing", () => {
    const resolved = config(twoUnits);
    const text = formatDiscoveryPlan(resolved, discoveryPlan(resolved, []), []);
    expect(text).toContain(
      "  payments: 0 ec2_sd_configs blocks\n    warning: 210987654321 is not an account of the units yet",
    );
    expect(text).toContain("member accounts: 0 ACTIVE in ou-ab12-cdef3456");
  });

  it("lists members mode's accounts from the config, an unnamed member by id", () => {
    const resolved = config(MEMBER_GROUPS);
    const text = formatDiscoveryPlan(resolved, discoveryPlan(resolved));
    expect(text).toContain("  member accounts: 2 listed in accounts.members; role fleetwatch-member");
    expect(text).toContain("  home: 2 ec2_sd_configs blocks\n    home: us-east-1, eu-west-1\n  payments:");
    expect(text).toContain(
      "    111111111111 (payments-prod): us-east-1, eu-west-1\n    222222222222: eu-west-1",
    );
  });

  it("shows the single home block of a config without accounts", () => {
    const resolved = config();
    expect(formatDiscoveryPlan(resolved, discoveryPlan(resolved)).split("\n").slice(1)).toEqual([
      "  member accounts: none (accounts.members and accounts.organization unset): the home account only",
      "  default: 1 ec2_sd_configs block",
      "    home: us-east-1",
    ]);
  });
});
