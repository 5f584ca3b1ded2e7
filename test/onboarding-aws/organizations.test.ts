import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { ThrottledError } from "@fleetwatch/onboarding";
import { OrganizationsAccountDirectory } from "@fleetwatch/onboarding-aws";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";

const org = mockClient(OrganizationsClient);
afterEach(() => org.reset());

describe("OrganizationsAccountDirectory", () => {
  it("lists the ACTIVE accounts of the units and their child units, every page", async () => {
    org
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" })
      .resolves({
        Accounts: [
          { Id: "111111111111", State: "ACTIVE" },
          { Id: "222222222222", State: "SUSPENDED" },
        ],
        NextToken: "t1",
      })
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa", NextToken: "t1" })
      .resolves({ Accounts: [{ Id: "333333333333", Status: "ACTIVE" }] })
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" })
      .resolves({
        Accounts: [
          { Id: "444444444444", State: "ACTIVE" },
          { Id: "555555555555", State: "CLOSED" },
        ],
      })
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" })
      .resolves({ OrganizationalUnits: [{ Id: "ou-ab12-bbbbbbbb" }] })
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" })
      .resolves({ OrganizationalUnits: [] });
    const directory = new OrganizationsAccountDirectory(new OrganizationsClient({ region: "us-east-1" }));
    expect(await directory.activeAccounts(["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb"])).toEqual([
      "111111111111",
      "333333333333",
      "444444444444",
    ]);
    // A unit listed and also a child of another is read once.
    expect(org.commandCalls(ListAccountsForParentCommand)).toHaveLength(3);
  });

  it("makes throttling the domain's ThrottledError", async () => {
    org.onAnyCommand().rejects(
      Object.assign(new Error("Rate exceeded"), {
        name: "TooManyRequestsException",
        $metadata: { httpStatusCode: 429 },
      }),
    );
    const directory = new OrganizationsAccountDirectory(new OrganizationsClient({ region: "us-east-1" }));
    await expect(directory.activeAccounts(["r-ab12"])).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe("OrganizationsAccountDirectory.unitAccounts", () => {
  it("lists every account of the units and child units with its name and state, each unit once", async () => {
    org
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" })
      .resolves({
        Accounts: [
          { Id: "111111111111", Name: "payments-prod", State: "ACTIVE" },
          { Id: "222222222222", Name: "retired", State: "SUSPENDED" },
        ],
      })
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" })
      .resolves({ Accounts: [{ Id: "333333333333", Status: "ACTIVE" }] })
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" })
      .resolves({ OrganizationalUnits: [{ Id: "ou-ab12-bbbbbbbb" }] })
      .on(ListOrganizationalUnitsForParentCommand)
      .resolves({ OrganizationalUnits: [] });
    const directory = new OrganizationsAccountDirectory(new OrganizationsClient({ region: "us-east-1" }));
    expect(await directory.unitAccounts(["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb"])).toEqual([
      { id: "111111111111", name: "payments-prod", state: "ACTIVE" },
      { id: "222222222222", name: "retired", state: "SUSPENDED" },
      { id: "333333333333", state: "ACTIVE" },
    ]);
    expect(org.commandCalls(ListAccountsForParentCommand)).toHaveLength(2);
  });
});
