import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { RefreshStatusStore } from "@fleetwatch/monitoring";
import {
  DISCOVERY_REFRESH_STATUS_KEY,
  type DiscoveryRefreshStatus,
  type DiscoveryRefreshStatusRead,
  parseDiscoveryRefreshStatus,
} from "@fleetwatch/state-layout";
import { getText } from "./s3-json.js";

/**
 * The discovery refresh's status record in the state bucket (`DISCOVERY_REFRESH_STATUS_KEY`): the refresh
 * rewrites it after every run, the digest reads it. A record that is not valid is an error (not a throw); SDK
 * errors (AccessDenied, SlowDown) are thrown as they are.
 */
export class S3RefreshStatusStore implements RefreshStatusStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async read(): Promise<DiscoveryRefreshStatusRead | undefined> {
    const text = await getText(this.client, this.bucket, DISCOVERY_REFRESH_STATUS_KEY);
    return text === undefined ? undefined : parseDiscoveryRefreshStatus(text);
  }

  async write(status: DiscoveryRefreshStatus): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: DISCOVERY_REFRESH_STATUS_KEY,
        Body: `${JSON.stringify(status, null, 2)}\n`,
        ContentType: "application/json",
      }),
    );
  }
}
