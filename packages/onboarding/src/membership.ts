import type { MessageLog } from "./messages.js";
import type { AccountDirectory } from "./reconcile/ports.js";

/**
 * How long the event path trusts a listing of the units' accounts (Organization mode). An account that left a
 * unit is refused at most this long after it left (meanwhile its member role, which the StackSet removes, still
 * guards it); one that joined is onboarded sooner (see {@link MEMBERSHIP_RECHECK_MS}), without a deploy. A launch
 * Lambda busy every minute lists the units about 12 times an hour (Organizations' list calls are throttled per
 * account at a few per second, shared with the reconcile and the console).
 */
export const MEMBERSHIP_TTL_MS = 5 * 60_000;

/**
 * How old a listing may be before an account it does not name makes the next pass list again, before that account
 * is refused: an account that just joined a unit is onboarded from its first events on (the StackSet puts its
 * forwarding rules there minutes after it joined, so its events come after that) instead of having them
 * acknowledged untouched until the TTL ends. An account that left costs at most one listing a minute.
 */
export const MEMBERSHIP_RECHECK_MS = 60_000;

/**
 * How long after a failed listing the event path admits every account without asking again: a throttled or
 * denying Organizations API gets one listing per this period from each Lambda instance, not one per pass (its
 * list quota is shared with the reconcile, which the retries would otherwise starve).
 */
export const MEMBERSHIP_FAILURE_BACKOFF_MS = 30_000;

/**
 * The bound on each Organizations request of the event path's listing (the SDK's 3 attempts each): a slow
 * Organizations API delays a pass by seconds, not by the Lambda's timeout, and then fails open.
 */
export const MEMBERSHIP_REQUEST_TIMEOUT_MS = 5_000;

/** The units' ACTIVE accounts, as one listing found them (one pass's view of Organization membership). */
export interface UnitAccounts {
  /** The units (and roots) listed: `accounts.organization.units`. */
  units: readonly string[];
  /** The ACTIVE accounts of the units and their child units. */
  accounts: ReadonlySet<string>;
  /** When the listing was made. */
  listedAt: Date;
}

export interface MembershipDeps {
  /** The reconcile's directory (AWS Organizations), shared: one lister of the units' accounts. */
  directory: AccountDirectory;
  /** `accounts.organization.units`. */
  units: readonly string[];
  now: () => Date;
  /** Where a failed listing is reported (once per pass that asked). */
  log: MessageLog;
  /** @default MEMBERSHIP_TTL_MS */
  ttlMs?: number;
}

/**
 * The units' ACTIVE accounts for the event path (Organization mode), kept for {@link MEMBERSHIP_TTL_MS} and
 * listed again lazily, by the first pass that asks after that. Built once per Lambda instance. A listing that
 * fails (throttled, access denied, network) fails open for that pass: it gets no listing, so every account is
 * admitted as before there was a cache (AssumeRole of the member role still guards), with one warning naming
 * the last good listing, which is kept (never replaced by a failure); passes within
 * {@link MEMBERSHIP_FAILURE_BACKOFF_MS} admit every account too, and the first pass after it lists again. A pass asks
 * once ({@link withUnitAccounts}), so a failing Organizations costs one listing per pass, not one per instance.
 */
export class UnitMembership {
  private last: UnitAccounts | undefined;
  private expiresAt = Number.NEGATIVE_INFINITY;
  private failedUntil = Number.NEGATIVE_INFINITY;
  private listing: Promise<UnitAccounts | undefined> | undefined;

  constructor(private readonly deps: MembershipDeps) {}

  /** The last successful listing, kept through failures (undefined before the first). */
  get lastGood(): UnitAccounts | undefined {
    return this.last;
  }

  /**
   * The current listing (listed now when the last one expired or failed, or when it does not name one of
   * `accounts` and is at least {@link MEMBERSHIP_RECHECK_MS} old), or undefined when this listing failed: admit
   * every account.
   */
  async current(accounts: readonly string[] = []): Promise<UnitAccounts | undefined> {
    const now = this.deps.now().getTime();
    if (now < this.failedUntil) return undefined;
    const last = this.last;
    const unknown = last !== undefined && accounts.some((a) => !last.accounts.has(a));
    const recheck = unknown && now - last.listedAt.getTime() >= MEMBERSHIP_RECHECK_MS;
    if (now < this.expiresAt && !recheck) return last;
    this.listing ??= this.list().finally(() => {
      this.listing = undefined;
    });
    return this.listing;
  }

  private async list(): Promise<UnitAccounts | undefined> {
    const listedAt = this.deps.now();
    try {
      const ids = await this.deps.directory.activeAccounts(this.deps.units);
      this.last = { units: this.deps.units, accounts: new Set(ids), listedAt };
      this.expiresAt = listedAt.getTime() + (this.deps.ttlMs ?? MEMBERSHIP_TTL_MS);
      return this.last;
    } catch (error) {
      this.failedUntil = listedAt.getTime() + MEMBERSHIP_FAILURE_BACKOFF_MS;
      this.deps.log.warn("could not list the units' accounts: every account admitted in this pass", {
        units: this.deps.units,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        lastListedAt: this.last?.listedAt.toISOString() ?? "never",
      });
      return undefined;
    }
  }
}

/** What a pass needs to ask membership: the cache (Organization mode only) and the pass's view of it. */
export interface WithMembership {
  /** Organization mode, event path: the units' accounts cache; absent in members mode (no Organizations call). */
  membership?: UnitMembership;
  /** The pass's listing (see {@link withUnitAccounts}); absent: every account of the units' mode is admitted. */
  unitAccounts?: UnitAccounts;
}

/**
 * The deps of one pass over `refs` (canonical: the home account's absent): with the membership's current
 * listing, asked once for the whole pass, and only when a ref is of a member account (a pass over the home
 * account's instances alone asks nothing). A member account the listing does not name makes it list again when
 * it is a minute old (see {@link MEMBERSHIP_RECHECK_MS}).
 */
export async function withUnitAccounts<D extends WithMembership>(
  deps: D,
  refs: readonly { account?: string }[],
): Promise<D> {
  const members = [...new Set(refs.flatMap((r) => (r.account === undefined ? [] : [r.account])))];
  if (!deps.membership || members.length === 0) return deps;
  const unitAccounts = await deps.membership.current(members);
  return unitAccounts ? { ...deps, unitAccounts } : deps;
}
