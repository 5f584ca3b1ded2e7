import { type FleetwatchConfig, resolveConfig } from "@fleetwatch/config";
import { memberDeployment } from "@fleetwatch/members";
import { describe, expect, it } from "vitest";

const base: FleetwatchConfig = { homeRegion: "us-east-1", regions: ["eu-west-1"] };

describe("memberDeployment", () => {
  it("returns nothing without member accounts", () => {
    expect(memberDeployment(resolveConfig(base, "dev"))).toBeUndefined();
  });

  it("targets the units in every onboarded region, the role in the home region", () => {
    const config = resolveConfig(
      { ...base, accounts: { organization: { units: ["ou-ab12-cdef3456", "r-ab12"] } } },
      "dev",
    );
    expect(memberDeployment(config)).toEqual({
      mode: "organization",
      units: ["ou-ab12-cdef3456", "r-ab12"],
      regions: ["us-east-1", "eu-west-1"],
      roleRegion: "us-east-1",
    });
  });

  it("makes one instance per listed account and region, narrowed by the account's regions", () => {
    const config = resolveConfig(
      {
        ...base,
        accounts: {
          members: [
            { id: "111111111111", name: "payments-prod" },
            { id: "222222222222", regions: ["eu-west-1"] },
          ],
        },
      },
      "dev",
    );
    expect(memberDeployment(config)).toEqual({
      mode: "accounts",
      regions: ["us-east-1", "eu-west-1"],
      instances: [
        { account: "111111111111", name: "payments-prod", region: "us-east-1", roleRegion: "us-east-1" },
        { account: "111111111111", name: "payments-prod", region: "eu-west-1", roleRegion: "us-east-1" },
        // Not onboarded in the home region: its role comes with its own region's stack.
        { account: "222222222222", region: "eu-west-1", roleRegion: "eu-west-1" },
      ],
    });
  });
});
