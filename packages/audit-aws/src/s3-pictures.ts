import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { DigestOnboarding, PictureStore } from "@fleetwatch/audit";
import { getJson } from "./s3-json.js";

/** A week: the longest a SigV4 presigned URL lives (shorter with role credentials: their session ends first). */
const PRESIGN_SECONDS = 7 * 24 * 3600;

/** Stores the digest's PNG in the state bucket and links it with a presigned GET URL. */
export class S3PictureStore implements PictureStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(name: string, png: Buffer): Promise<string> {
    const key = `digests/${name}`;
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: png, ContentType: "image/png" }),
    );
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: PRESIGN_SECONDS,
    });
  }
}

/** Onboarding's status for the digest, written by the onboarding feature to `onboarding/status.json`. */
export function readOnboardingStatus(
  client: S3Client,
  bucket: string,
): Promise<DigestOnboarding | undefined> {
  return getJson<DigestOnboarding>(client, bucket, "onboarding/status.json");
}
