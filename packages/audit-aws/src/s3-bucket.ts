import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, type S3Client } from "@aws-sdk/client-s3";
import type { KeyRange, ListedObject, ListPage, ObjectLister, ObjectReader } from "@fleetwatch/audit";

/** A Thanos bucket in S3 (optionally under a prefix), as the audit's lister and reader. */
export class S3Bucket implements ObjectLister, ObjectReader {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Key prefix ending in `/`, or "". */
    private readonly prefix = "",
  ) {}

  async listPage(range: KeyRange, token?: string): Promise<ListPage> {
    const out = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.bucket,
        ...(this.prefix ? { Prefix: this.prefix } : {}),
        ...(token ? { ContinuationToken: token } : {}),
        ...(!token && range.startAfter ? { StartAfter: this.prefix + range.startAfter } : {}),
        MaxKeys: 1000,
      }),
    );
    const objects: ListedObject[] = (out.Contents ?? []).map((o) => ({
      key: (o.Key ?? "").slice(this.prefix.length),
      size: o.Size ?? 0,
      lastModified: o.LastModified?.getTime() ?? 0,
      ...(o.ETag ? { etag: o.ETag } : {}),
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
      throw error;
    }
  }
}
