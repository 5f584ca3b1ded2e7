import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { PictureStore } from "@fleetwatch/audit";
import {
  digestPictureKey,
  ONBOARDING_STATUS_KEY,
  type OnboardingStatusRead,
  parseOnboardingStatus,
} from "@fleetwatch/state-layout";
import { getText } from "./s3-json.js";

/** A week: the longest a SigV4 presigned URL lives (shorter with role credentials: their session ends first). */
const PRESIGN_SECONDS = 7 * 24 * 3600;

/** Stores the digest's PNG in the state bucket (`digestPictureKey`) and links it with a presigned GET URL. */
export class S3PictureStore implements PictureStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(day: Date, name: string, png: Buffer): Promise<string> {
    const key = digestPictureKey(day, name);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: png, ContentType: "image/png" }),
    );
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: PRESIGN_SECONDS,
    });
  }
}

/**
 * Onboarding's status for the digest, written by the reconcile to `ONBOARDING_STATUS_KEY` and validated here:
 * undefined when there is none yet, an error (not a throw) when it is not valid JSON of its schema. SDK errors
 * (AccessDenied, SlowDown) are thrown as they are.
 */
export async function readOnboardingStatus(
  client: S3Client,
  bucket: string,
): Promise<OnboardingStatusRead | undefined> {
  const text = await getText(client, bucket, ONBOARDING_STATUS_KEY);
  return text === undefined ? undefined : parseOnboardingStatus(text);
}
