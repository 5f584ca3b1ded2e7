import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { StatusPart, StatusStore, StatusSummary } from "@fleetwatch/onboarding";
import {
  ONBOARDING_STATUS_KEY,
  type PartName,
  parsePartKey,
  partKey,
  runPrefix,
} from "@fleetwatch/state-layout";

/** Parts read at once when a run is merged. */
const READ_CONCURRENCY = 8;

/**
 * The reconcile's status in the state bucket: each page's part under its run
 * (`onboarding/runs/<runId>/<scope>/<page>.<kind>.json`) and the merged summary the daily digest reads
 * (`onboarding/status.json`, read by `readOnboardingStatus` in @fleetwatch/audit-aws).
 */
export class S3StatusStore implements StatusStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  private async put(key: string, value: unknown): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(value),
        ContentType: "application/json",
      }),
    );
  }

  private async get<T>(key: string): Promise<T | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse((await out.Body?.transformToString()) ?? "null") ?? undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  putPart(part: StatusPart): Promise<void> {
    return this.put(partKey(part), part);
  }

  async partNames(runId: string): Promise<PartName[]> {
    const names: PartName[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: runPrefix(runId), ContinuationToken }),
      );
      for (const o of page.Contents ?? []) {
        const name = o.Key ? parsePartKey(o.Key) : undefined;
        if (name) names.push(name);
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return names;
  }

  async readParts(names: readonly PartName[]): Promise<StatusPart[]> {
    const out: StatusPart[] = [];
    for (let i = 0; i < names.length; i += READ_CONCURRENCY) {
      const read = await Promise.all(
        names.slice(i, i + READ_CONCURRENCY).map((n) => this.get<StatusPart>(partKey(n))),
      );
      for (const part of read) if (part) out.push(part);
    }
    return out;
  }

  published(): Promise<StatusSummary | undefined> {
    return this.get<StatusSummary>(ONBOARDING_STATUS_KEY);
  }

  publish(summary: StatusSummary): Promise<void> {
    return this.put(ONBOARDING_STATUS_KEY, summary);
  }
}
