import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { STATUS_KEY, type StatusPublisher, type StatusSummary } from "@fleetwatch/onboarding";

/** The key the health digest reads (`readOnboardingStatus` in @fleetwatch/audit-aws); owned by state-keys.ts. */
export { STATUS_KEY };

/** Writes the reconcile's status summary to the state bucket, where the daily digest reads it. */
export class S3StatusPublisher implements StatusPublisher {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async publish(summary: StatusSummary): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: STATUS_KEY,
        Body: JSON.stringify(summary),
        ContentType: "application/json",
      }),
    );
  }
}
