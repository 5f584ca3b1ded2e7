import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { LedgerDocument, LedgerStore, LedgerWrite, StoredLedger } from "@fleetwatch/onboarding";
import { reservationsKey } from "@fleetwatch/state-layout";
import { domainError } from "./errors.js";

/** S3's answers to a conditional write that lost its race: the object changed (412) or a write overlapped (409). */
const LOST_RACE = new Set(["PreconditionFailed", "ConditionalRequestConflict"]);

const nameOf = (error: unknown) => (error as { name?: string }).name ?? "";
const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** The stored ledger; an unreadable one counts as empty (the next conditional write replaces it). */
function parseLedger(text: string): LedgerDocument {
  try {
    const parsed = JSON.parse(text) as Partial<LedgerDocument> | null;
    const reservations = parsed?.reservations;
    return { reservations: reservations && typeof reservations === "object" ? reservations : {} };
  } catch {
    return { reservations: {} };
  }
}

/**
 * The reservation ledger of one account x region in the state bucket (`onboarding/reservations/<region>.json`,
 * under `<account>/` for a member account: see `reservationsKey`): read with
 * GetObject, written with a conditional PutObject (`If-Match` its ETag, or `If-None-Match: *` when absent).
 */
export class S3LedgerStore implements LedgerStore {
  private readonly key: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    region: string,
    /** The member account whose ledger this is; absent: the home account's (its key unchanged). */
    account?: string,
  ) {
    this.key = reservationsKey(region, account);
  }

  async read(): Promise<StoredLedger | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      const text = (await out.Body?.transformToString("utf8")) ?? "";
      if (!out.ETag) throw new Error(`GetObject s3://${this.bucket}/${this.key} answered without an ETag`);
      return { document: parseLedger(text), etag: out.ETag };
    } catch (error) {
      if (nameOf(error) === "NoSuchKey") return undefined;
      throw domainError("s3:GetObject", error);
    }
  }

  async write(document: LedgerDocument, etag: string | undefined): Promise<LedgerWrite> {
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key,
          Body: JSON.stringify(document),
          ContentType: "application/json",
          ...(etag === undefined ? { IfNoneMatch: "*" } : { IfMatch: etag }),
        }),
      );
      return out.ETag ? { written: true, etag: out.ETag } : { written: true };
    } catch (error) {
      if (LOST_RACE.has(nameOf(error)) || statusOf(error) === 412 || statusOf(error) === 409)
        return { written: false };
      throw domainError("s3:PutObject", error);
    }
  }
}
