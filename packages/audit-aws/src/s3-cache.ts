import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, gunzipSync } from "node:zlib";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type AuditCache, type CacheState, cacheJsonChunks } from "@fleetwatch/audit";
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
        Body: await gzipCache(state),
        ContentType: "application/json",
        ContentEncoding: "gzip",
      }),
    );
  }
}

/**
 * The cache's JSON, gzipped as it is produced: only the compressed bytes (a tenth) are ever held whole. Level 1:
 * the cache is rewritten every run; speed matters more than the last 20% of size.
 */
async function gzipCache(state: CacheState): Promise<Buffer> {
  const out: Buffer[] = [];
  // pipeline, not pipe: a state that does not serialise rejects instead of leaving the save pending forever.
  await pipeline(Readable.from(cacheJsonChunks(state)), createGzip({ level: 1 }), async (gzipped) => {
    for await (const bytes of gzipped) out.push(bytes as Buffer);
  });
  return Buffer.concat(out);
}
