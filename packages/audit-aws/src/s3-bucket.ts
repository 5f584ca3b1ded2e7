import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, type S3Client } from "@aws-sdk/client-s3";
import {
  BucketAccessError,
  type BucketAccessKind,
  type KeyRange,
  LIST_PAGE_KEYS,
  type ListedObject,
  type ListPage,
  type ObjectLister,
  type ObjectReader,
} from "@fleetwatch/audit";

/** S3 errors (by the SDK's name) whose cause the user has to fix, by kind. */
const S3_ACCESS: Record<string, BucketAccessKind> = {
  CredentialsProviderError: "no-credentials",
  InvalidAccessKeyId: "invalid-credentials",
  SignatureDoesNotMatch: "invalid-credentials",
  ExpiredToken: "invalid-credentials",
  InvalidToken: "invalid-credentials",
  NoSuchBucket: "no-such-bucket",
  AccessDenied: "access-denied",
  AllAccessDisabled: "access-denied",
};

/** The {@link BucketAccessError} of an S3 error on `target`, or the error itself (throttling, 5xx, ...). */
export function s3AccessError(error: unknown, target: string): unknown {
  const name = (error as { name?: unknown }).name;
  const kind = typeof name === "string" ? S3_ACCESS[name] : undefined;
  return kind ? new BucketAccessError(kind, target, name as string, { cause: error }) : error;
}

/** A Thanos bucket in S3 (optionally under a prefix), as the audit's lister and reader. */
export class S3Bucket implements ObjectLister, ObjectReader {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Key prefix ending in `/`, or "". */
    private readonly prefix = "",
  ) {}

  async listPage(range: KeyRange, token?: string): Promise<ListPage> {
    const out = await this.client
      .send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          ...(this.prefix ? { Prefix: this.prefix } : {}),
          ...(token ? { ContinuationToken: token } : {}),
          ...(!token && range.startAfter ? { StartAfter: this.prefix + range.startAfter } : {}),
          MaxKeys: LIST_PAGE_KEYS,
        }),
      )
      .catch((error: unknown) => Promise.reject(s3AccessError(error, `s3://${this.bucket}/${this.prefix}`)));
    // Only what the audit reads, the key as a string of its own: a substring of the page's XML would keep the
    // whole page (about 250 KB) alive for as long as the listing, 75 MB at 100,000 blocks.
    const objects: ListedObject[] = (out.Contents ?? []).map((o) => ({
      key: ownString((o.Key ?? "").slice(this.prefix.length)),
      size: o.Size ?? 0,
      lastModified: o.LastModified?.getTime() ?? 0,
    }));
    return out.IsTruncated && out.NextContinuationToken
      ? { objects, nextToken: out.NextContinuationToken }
      : { objects };
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      return await out.Body?.transformToString("utf8");
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
      throw s3AccessError(error, `s3://${this.bucket}/${this.prefix}${key}`);
    }
  }
}

/** A copy of `s` that shares no memory with the string it was cut from. */
function ownString(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}
