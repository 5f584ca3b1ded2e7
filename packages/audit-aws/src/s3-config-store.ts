import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ConfigPointer, ConfigStore } from "@fleetwatch/monitoring";
import { CONFIG_POINTER_KEY, CONFIG_PREFIX, configContentType } from "@fleetwatch/state-layout";
import { getText } from "./s3-json.js";
import { lostRace, nameOf } from "./s3-race.js";

/**
 * The rendered monitoring config in the state bucket, for the discovery refresh: reads the pointer (with its
 * ETag) and objects under `CONFIG_PREFIX`, writes objects there, and moves the pointer with `If-Match`, so a
 * deploy that moved it since it was read wins. SDK errors other than a missing key or a lost race are thrown
 * as they are (the domain reports them).
 */
export class S3ConfigStore implements ConfigStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async pointer(): Promise<ConfigPointer | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: CONFIG_POINTER_KEY }),
      );
      const version = ((await out.Body?.transformToString("utf8")) ?? "").trim();
      if (!version) return undefined;
      if (!out.ETag)
        throw new Error(`GetObject s3://${this.bucket}/${CONFIG_POINTER_KEY} answered without an ETag`);
      return { version, etag: out.ETag };
    } catch (error) {
      if (nameOf(error) === "NoSuchKey") return undefined;
      throw error;
    }
  }

  read(key: string): Promise<string | undefined> {
    return getText(this.client, this.bucket, this.checked(key));
  }

  async write(key: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.checked(key),
        Body: body,
        ContentType: configContentType(key),
      }),
    );
  }

  async movePointer(version: string, etag: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: CONFIG_POINTER_KEY,
          Body: version,
          ContentType: "text/plain",
          IfMatch: etag,
        }),
      );
      return true;
    } catch (error) {
      if (lostRace(error) || nameOf(error) === "NoSuchKey") return false;
      throw error;
    }
  }

  /** The store reaches the rendered config only (its grant is `CONFIG_PREFIX`). */
  private checked(key: string): string {
    if (!key.startsWith(CONFIG_PREFIX) || key === CONFIG_POINTER_KEY)
      throw new RangeError(
        `S3ConfigStore: ${key} is not a key of a config version (${CONFIG_PREFIX}<version>/...)`,
      );
    return key;
  }
}
