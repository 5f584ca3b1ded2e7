import {
  ACCOUNTS_PAGE,
  FakeOrganizations,
  ORGANIZATIONS_THROTTLED,
} from "@fleetwatch/devkit/fakes/organizations";
import { AwsCallError, ThrottledError } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const account = (n: number) => String(210_000_000_000 + n);

describe("FakeOrganizations", () => {
  it("lists the ACTIVE accounts of the units and their child units, by pages of 20, as the adapter does", async () => {
    const org = new FakeOrganizations();
    for (let n = 0; n < 45; n++) org.put("ou-ab12-aaaaaaaa", account(n));
    org.put("ou-ab12-aaaaaaaa", account(99), "SUSPENDED");
    org.nest("ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb");
    org.put("ou-ab12-bbbbbbbb", account(100));
    org.put("ou-ab12-bbbbbbbb", account(101), "CLOSED");
    const listed = await org.activeAccounts(["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb"]);
    expect(listed).toHaveLength(46);
    expect(listed).not.toContain(account(99));
    expect(listed).not.toContain(account(101));
    // 46 accounts in the first unit: 3 pages; one in the child: 1 page; each unit asked once for children.
    expect(ACCOUNTS_PAGE).toBe(20);
    expect(org.calls).toEqual({
      "organizations:ListAccountsForParent": 4,
      "organizations:ListOrganizationalUnitsForParent": 2,
    });
  });

  it("moves an account out of the units", async () => {
    const org = new FakeOrganizations();
    org.put("ou-ab12-aaaaaaaa", account(1));
    org.put("ou-ab12-aaaaaaaa", account(2));
    org.remove(account(1));
    expect(await org.activeAccounts(["ou-ab12-aaaaaaaa"])).toEqual([account(2)]);
  });

  it("fails the next calls with the queued faults, mapped as the adapter maps them, then answers", async () => {
    const org = new FakeOrganizations();
    org.put("r-ab12", account(1));
    org.failNext("organizations:ListAccountsForParent", ORGANIZATIONS_THROTTLED);
    org.failNext("organizations:ListAccountsForParent", { code: "AccessDeniedException", status: 400 });
    await expect(org.activeAccounts(["r-ab12"])).rejects.toBeInstanceOf(ThrottledError);
    await expect(org.activeAccounts(["r-ab12"])).rejects.toBeInstanceOf(AwsCallError);
    expect(await org.activeAccounts(["r-ab12"])).toEqual([account(1)]);
  });
});
