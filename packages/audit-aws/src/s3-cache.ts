import { gunzipSync, gzipSync } from "node:zlib";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { AuditCache, CacheState } from "@fleetwatch/audit";
import { AUDIT_CACHE_KEY } from "@fleetwatch/state-layout";

/** The audit cache as one gzipped JSON object in the state bucket. */
export class S3AuditCache implements AuditCache {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key = AUDIT_CACHE_KEY,
  ) {}

  async load(): Promise<CacheState | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      const bytes = await out.Body?.transformToByteArray();
      return bytes ? (JSON.parse(gunzipSync(bytes).toString("utf8")) as CacheState) : undefined;
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }

  async save(state: CacheState): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key,
        // Level 1: the cache is rewritten every run; speed matters more than the last 20% of size.
        Body: gzipSync(JSON.stringify(state), { level: 1 }),
        ContentType: "application/json",
        ContentEncoding: "gzip",
      }),
    );
  }
}
