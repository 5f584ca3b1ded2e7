import { isActiveAccount } from "@fleetwatch/config";
import type { OrganizationAccount, UnitAccountLister } from "@fleetwatch/monitoring";
import type { AccountDirectory } from "@fleetwatch/onboarding";
import { type Fault, faultError } from "./aws";

/** An account's state in AWS Organizations (`Account.State`). */
export type FakeAccountState = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";

/** ListAccountsForParent's largest page (`MaxResults` 20): a unit of 45 accounts takes 3 calls. */
export const ACCOUNTS_PAGE = 20;

/** Organizations' answer to too many requests (its list calls are throttled per account at a few a second). */
export const ORGANIZATIONS_THROTTLED: Fault = { code: "TooManyRequestsException", status: 400 };

/**
 * AWS Organizations as the account directory sees it: units holding accounts and child units, an account in
 * one unit at a time (moving it takes it out of the other), each with its state. Lists as the adapter does
 * (`OrganizationsAccountDirectory`): ListAccountsForParent by pages of {@link ACCOUNTS_PAGE} and one
 * ListOrganizationalUnitsForParent per unit, each call counted; queued faults fail the next calls of an
 * operation as the adapter would map them (throttled, access denied, 5xx). Serves both listings: onboarding's
 * ACTIVE ids (`activeAccounts`) and discovery's accounts in every state with their names (`unitAccounts`).
 */
export class FakeOrganizations implements AccountDirectory, UnitAccountLister {
  /** Calls made, by operation (`organizations:ListAccountsForParent`, ...). */
  readonly calls: Record<string, number> = {};
  private readonly parentOf = new Map<string, string>();
  private readonly states = new Map<string, FakeAccountState>();
  private readonly names = new Map<string, string>();
  private readonly children = new Map<string, string[]>();
  private readonly faults = new Map<string, Fault[]>();

  /** Puts (or moves) `account` into `unit`, with its state and, when given, its name. */
  put(unit: string, account: string, state: FakeAccountState = "ACTIVE", name?: string): void {
    this.parentOf.set(account, unit);
    this.states.set(account, state);
    if (name !== undefined) this.names.set(account, name);
  }

  /** Moves `account` out of every configured unit (to another part of the Organization). */
  remove(account: string): void {
    this.parentOf.set(account, "ou-elsewhere");
  }

  /** Makes `child` a unit under `parent`. */
  nest(parent: string, child: string): void {
    this.children.set(parent, [...(this.children.get(parent) ?? []), child]);
  }

  /** The next calls of `operation` fail with `fault`, `times` in a row (the other operations answer). */
  failNext(operation: string, fault: Fault, times = 1): void {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), ...Array(times).fill(fault)]);
  }

  /** Every listing's calls together. */
  totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  async activeAccounts(units: readonly string[]): Promise<string[]> {
    const listed = await this.unitAccounts(units);
    return [...new Set(listed.filter(isActiveAccount).map((a) => a.id))].sort();
  }

  async unitAccounts(units: readonly string[]): Promise<OrganizationAccount[]> {
    const found: OrganizationAccount[] = [];
    const queue = [...units];
    const seen = new Set<string>();
    for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      const accounts = [...this.parentOf].filter(([, p]) => p === parent).map(([a]) => a);
      for (let page = 0; page === 0 || page * ACCOUNTS_PAGE < accounts.length; page++) {
        this.call("organizations:ListAccountsForParent");
        for (const id of accounts.slice(page * ACCOUNTS_PAGE, (page + 1) * ACCOUNTS_PAGE)) {
          const name = this.names.get(id);
          found.push({ id, ...(name ? { name } : {}), state: this.states.get(id) ?? "ACTIVE" });
        }
      }
      this.call("organizations:ListOrganizationalUnitsForParent");
      queue.push(...(this.children.get(parent) ?? []));
    }
    return found;
  }

  private call(operation: string): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    const fault = this.faults.get(operation)?.shift();
    if (fault) throw faultError(operation, fault);
  }
}
