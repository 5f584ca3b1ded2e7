import { TransientError } from "./errors.js";

/** One instance held by one pass from `at` until `until` (ISO 8601). */
export interface Reservation {
  holder: string;
  at: string;
  until: string;
}

/**
 * An instance a pass is about to send to. `settledAt`: when its tags say its last command settled (the `since`
 * of a status the completion or a pass wrote, not of `installing` / `uninstalling`); a reservation made before
 * that guarded a command that is over, and gives way.
 */
export interface Claim {
  id: string;
  settledAt?: Date;
}

/** The ledger of one region as stored: instance id -> its reservation. */
export interface LedgerDocument {
  reservations: Record<string, Reservation>;
}

/** The ledger as read, with the version a conditional write must match. */
export interface StoredLedger {
  document: LedgerDocument;
  /** The object's version (S3's ETag). */
  etag: string;
}

/**
 * Where a region's ledger is kept, with conditional writes (S3 GetObject / PutObject with `If-Match` or
 * `If-None-Match: *`).
 */
export interface LedgerStore {
  /** The ledger, or undefined when none was ever written. */
  read(): Promise<StoredLedger | undefined>;
  /**
   * Writes the ledger if it is still at `etag` (undefined: only if there is none yet), and says which version it
   * wrote. Not written when another writer came first (412 PreconditionFailed, 409 ConditionalRequestConflict):
   * read again and redo.
   */
  write(document: LedgerDocument, etag: string | undefined): Promise<LedgerWrite>;
}

/** What a conditional write of the ledger did: written (with the new version, when the store said it), or not. */
export type LedgerWrite = { written: true; etag?: string } | { written: false };

/**
 * Reservations that concurrent passes (the launch handler, reconciles) see before they send to an instance.
 * EC2 tags are eventually consistent, so the `installing` tag alone cannot keep two passes from sending twice.
 */
export interface ReservationLedger {
  /**
   * Reserves the claimed instances for `holder` from `now` until `until`; returns the ids now held by `holder`.
   * Ids held by an unexpired reservation of another holder, made after the claim's `settledAt`, are left out
   * (that pass sends to them). Expired reservations are pruned.
   */
  reserve(claims: readonly Claim[], holder: string, now: Date, until: Date): Promise<Set<string>>;
  /** Drops `holder`'s reservations of `ids` (its send failed: the next pass may send at once). */
  release(ids: readonly string[], holder: string, now: Date): Promise<void>;
}

/** How often a ledger write is redone after losing a race, and how long to wait (full jitter) between tries. */
export interface LedgerRetry {
  /** @default 8 */
  attempts: number;
  /** @default 25 */
  baseMs: number;
  /** @default 1000 */
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_LEDGER_RETRY: LedgerRetry = {
  attempts: 8,
  baseMs: 25,
  maxMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The reservations still in force at `now`. */
function unexpired(document: LedgerDocument | undefined, now: Date): Record<string, Reservation> {
  const live: Record<string, Reservation> = {};
  for (const [id, r] of Object.entries(document?.reservations ?? {}))
    if (Date.parse(r.until) > now.getTime()) live[id] = r;
  return live;
}

/**
 * The ledger of one region over a store with conditional writes: read, change, write if unchanged; on a lost
 * race read again and redo (bounded, jittered). When every try loses, the pass sends nothing (a
 * `TransientError`: its instances are retried later).
 */
export class ConditionalLedger implements ReservationLedger {
  /**
   * The version this ledger last wrote: the next update writes against it without reading first. Should another
   * writer have changed the ledger since, the conditional write fails and the update reads and redoes it, so
   * the copy saves a GetObject per pass without ever being trusted.
   */
  private last: StoredLedger | undefined;

  constructor(
    private readonly store: LedgerStore,
    private readonly retry: LedgerRetry = DEFAULT_LEDGER_RETRY,
  ) {}

  private async update<T>(change: (live: Record<string, Reservation>) => T, now: Date): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const cached = this.last;
      this.last = undefined;
      const stored = cached ?? (await this.store.read());
      const live = unexpired(stored?.document, now);
      const result = change(live);
      const document = { reservations: live };
      const wrote = await this.store.write(document, stored?.etag);
      if (wrote.written) {
        if (wrote.etag) this.last = { document: structuredClone(document), etag: wrote.etag };
        return result;
      }
      // A copy that lost the race is stale: redo at once from a fresh read, without counting it as a try.
      if (cached) {
        attempt--;
        continue;
      }
      if (attempt >= this.retry.attempts)
        throw new TransientError("reservation ledger write", "PreconditionFailed");
      const cap = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
      await this.retry.sleep(Math.floor(this.retry.random() * cap));
    }
  }

  async reserve(claims: readonly Claim[], holder: string, now: Date, until: Date): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    return this.update((live) => {
      const held = new Set<string>();
      for (const { id, settledAt } of claims) {
        const r = live[id];
        const over = r !== undefined && settledAt !== undefined && Date.parse(r.at) <= settledAt.getTime();
        if (r && r.holder !== holder && !over) continue;
        live[id] = { holder, at: now.toISOString(), until: until.toISOString() };
        held.add(id);
      }
      return held;
    }, now);
  }

  async release(ids: readonly string[], holder: string, now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.update((live) => {
      for (const id of ids) if (live[id]?.holder === holder) delete live[id];
    }, now);
  }
}
