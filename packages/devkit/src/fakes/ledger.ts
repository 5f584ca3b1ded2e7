import type { LedgerDocument, LedgerStore, LedgerWrite, StoredLedger } from "@fleetwatch/onboarding";
import { reservationsKey } from "@fleetwatch/state-layout";

/** Objects of a fake bucket: body and ETag per key. */
export type FakeObjects = Map<string, { body: string; etag: string }>;

let etags = 0;

/**
 * A region's reservation ledger in a fake S3 bucket, as S3 keeps it: each write gets a new ETag; a write with
 * `If-Match` an older ETag, or `If-None-Match: *` on an existing object, fails (412). Every read and write yields
 * to other tasks first, so concurrent passes interleave between the read and the conditional write, as they
 * would over the network. `count` records each call (and may throttle it) like the fake's other calls.
 */
export class FakeLedgerStore implements LedgerStore {
  private readonly key: string;
  /** Writes refused with 412 (races lost). */
  static preconditionFailures = 0;

  constructor(
    private readonly objects: FakeObjects,
    region: string,
    private readonly count: (operation: string) => void,
    /** The member account whose ledger this is; absent: the home account's. */
    account?: string,
  ) {
    this.key = reservationsKey(region, account);
  }

  async read(): Promise<StoredLedger | undefined> {
    await Promise.resolve();
    this.count("s3:GetObject");
    const object = this.objects.get(this.key);
    if (!object) return undefined;
    return { document: JSON.parse(object.body) as LedgerDocument, etag: object.etag };
  }

  async write(document: LedgerDocument, etag: string | undefined): Promise<LedgerWrite> {
    await Promise.resolve();
    this.count("s3:PutObject");
    const current = this.objects.get(this.key);
    if (etag === undefined ? current !== undefined : current?.etag !== etag) {
      FakeLedgerStore.preconditionFailures++;
      return { written: false };
    }
    const next = `"${++etags}"`;
    this.objects.set(this.key, { body: JSON.stringify(document), etag: next });
    return { written: true, etag: next };
  }
}
