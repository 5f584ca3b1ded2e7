import { describe, expect, it } from "vitest";
import {
  MOCK_ORGANIZATION_ID,
  MOCK_UNITS,
  organization,
  unitAccounts,
} from "../../packages/sst-offline/src/organization.js";

const MANAGEMENT = { accountId: "123456789012", region: "us-east-1" };

describe("the offline plan's Organization", () => {
  it("lists a known unit's accounts with Organizations' fields, a suspended one among them", () => {
    const accounts = unitAccounts("ou-ab12-0123abcd", MANAGEMENT.accountId);
    expect(accounts.map((a) => [a.id, a.name, a.state])).toEqual([
      ["310987654321", "data-prod", "ACTIVE"],
      ["310987654329", "data-retired", "SUSPENDED"],
    ]);
    expect(accounts[0]?.arn).toBe(
      `arn:aws:organizations::123456789012:account/${MOCK_ORGANIZATION_ID}/310987654321`,
    );
  });

  it("gives any other unit one ACTIVE account, the same on every plan, a 12-digit id", () => {
    const [first] = unitAccounts("ou-zz99-abcdefgh", MANAGEMENT.accountId);
    expect(first?.id).toMatch(/^\d{12}$/);
    expect(first?.state).toBe("ACTIVE");
    expect(unitAccounts("ou-zz99-abcdefgh", "1")).toEqual(unitAccounts("ou-zz99-abcdefgh", "1"));
    expect(unitAccounts("ou-zz99-abcdefgi", "1")[0]?.id).not.toBe(first?.id);
  });

  it("is managed from the mocked account, and its root holds every unit's accounts", () => {
    const org = organization(MANAGEMENT);
    expect(org.id).toBe(MOCK_ORGANIZATION_ID);
    expect(org.masterAccountId).toBe(MANAGEMENT.accountId);
    expect(org.accounts.map((a) => a.id).sort()).toEqual(
      [MANAGEMENT.accountId, ...Object.values(MOCK_UNITS).flatMap((list) => list.map(([id]) => id))].sort(),
    );
    expect(org.nonMasterAccounts.map((a) => a.id)).not.toContain(MANAGEMENT.accountId);
  });
});
