import {
  type Account,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import type { AccountDirectory } from "@fleetwatch/onboarding";
import { call } from "./errors.js";

/** Whether an account is active (`State`; `Status` for answers from before AWS retired it in September 2026). */
const active = (a: Account) => (a.State ?? a.Status) === "ACTIVE";

/**
 * The accounts of Organization units through AWS Organizations: ListAccountsForParent of each unit and, through
 * ListOrganizationalUnitsForParent, of each child unit, every page (NextToken). Only ACTIVE accounts count:
 * suspended, closing or closed accounts cannot be entered. Called by the reconcile coordinator and, through
 * `UnitMembership`, the launch and result handlers (the Organizations API answers in us-east-1 for the
 * commercial partition, whatever the client's region).
 */
export class OrganizationsAccountDirectory implements AccountDirectory {
  constructor(private readonly client: OrganizationsClient) {}

  async activeAccounts(units: readonly string[]): Promise<string[]> {
    const found = new Set<string>();
    const queue = [...units];
    const seen = new Set<string>();
    for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      for (const id of await this.accountsOf(parent)) found.add(id);
      queue.push(...(await this.childUnits(parent)));
    }
    return [...found].sort();
  }

  private async accountsOf(parent: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await call("organizations:ListAccountsForParent", () =>
        this.client.send(
          new ListAccountsForParentCommand({ ParentId: parent, ...(token ? { NextToken: token } : {}) }),
        ),
      );
      for (const a of page.Accounts ?? []) if (a.Id && active(a)) out.push(a.Id);
      token = page.NextToken;
    } while (token);
    return out;
  }

  private async childUnits(parent: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await call("organizations:ListOrganizationalUnitsForParent", () =>
        this.client.send(
          new ListOrganizationalUnitsForParentCommand({
            ParentId: parent,
            ...(token ? { NextToken: token } : {}),
          }),
        ),
      );
      for (const u of page.OrganizationalUnits ?? []) if (u.Id) out.push(u.Id);
      token = page.NextToken;
    } while (token);
    return out;
  }
}

/** The directory over a new Organizations client whose requests time out after `requestTimeoutMs` (3 attempts). */
export const organizationsDirectory = (requestTimeoutMs: number): OrganizationsAccountDirectory =>
  new OrganizationsAccountDirectory(
    new OrganizationsClient({ maxAttempts: 3, requestHandler: { requestTimeout: requestTimeoutMs } }),
  );
