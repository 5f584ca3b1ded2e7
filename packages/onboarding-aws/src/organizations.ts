import {
  type Account,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { isActiveAccount } from "@fleetwatch/config";
import type { AccountDirectory } from "@fleetwatch/onboarding";
import { call } from "./errors.js";

/** An account as listed: `State`, or `Status` for answers from before AWS retired it in September 2026. */
const listed = (id: string, a: Account): ListedAccount => {
  const state = a.State ?? a.Status;
  return { id, ...(a.Name ? { name: a.Name } : {}), ...(state ? { state } : {}) };
};

/** An account of a unit as listed: its id, name and state (`State`, or `Status` in older answers). */
export interface ListedAccount {
  readonly id: string;
  readonly name?: string;
  readonly state?: string;
}

/**
 * The accounts of Organization units through AWS Organizations: ListAccountsForParent of each unit and, through
 * ListOrganizationalUnitsForParent, of each child unit, every page (NextToken). For onboarding only ACTIVE
 * accounts count (`activeAccounts`): suspended, closing or closed accounts cannot be entered. Called by the
 * reconcile coordinator, by the launch and result handlers through `UnitMembership`, and by the monitoring
 * discovery refresh (`unitAccounts`, every state with the names, which @fleetwatch/monitoring's `activeMembers`
 * filters). The Organizations API answers in us-east-1 for the commercial partition, whatever the client's region.
 */
export class OrganizationsAccountDirectory implements AccountDirectory {
  constructor(private readonly client: OrganizationsClient) {}

  async activeAccounts(units: readonly string[]): Promise<string[]> {
    const listed = await this.unitAccounts(units);
    return [...new Set(listed.filter(isActiveAccount).map((a) => a.id))].sort();
  }

  /** Every account of the units and their child units, each unit read once, in the order listed. */
  async unitAccounts(units: readonly string[]): Promise<ListedAccount[]> {
    const found: ListedAccount[] = [];
    const queue = [...units];
    const seen = new Set<string>();
    for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      found.push(...(await this.accountsOf(parent)));
      queue.push(...(await this.childUnits(parent)));
    }
    return found;
  }

  private async accountsOf(parent: string): Promise<ListedAccount[]> {
    const out: ListedAccount[] = [];
    let token: string | undefined;
    do {
      const page = await call("organizations:ListAccountsForParent", () =>
        this.client.send(
          new ListAccountsForParentCommand({ ParentId: parent, ...(token ? { NextToken: token } : {}) }),
        ),
      );
      for (const a of page.Accounts ?? []) if (a.Id) out.push(listed(a.Id, a));
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
