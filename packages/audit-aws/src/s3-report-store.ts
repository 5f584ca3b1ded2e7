import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Report, ReportStore } from "@fleetwatch/audit";

/** Reports in the state bucket: `reports/<generatedAt>.json` for history, `reports/latest.json` for the next run. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = "reports/",
  ) {}

  async latest(): Promise<Report | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}latest.json` }),
      );
      const text = await out.Body?.transformToString("utf8");
      return text ? (JSON.parse(text) as Report) : undefined;
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }

  async save(report: Report): Promise<string> {
    const body = JSON.stringify(report);
    const key = `${this.prefix}${report.generatedAt}.json`;
    for (const Key of [key, `${this.prefix}latest.json`]) {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentType: "application/json" }),
      );
    }
    return key;
  }
}
