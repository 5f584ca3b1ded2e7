import type { S3Client } from "@aws-sdk/client-s3";
import type { Report, ReportStore } from "@fleetwatch/audit";
import { getJson, putJson } from "./s3-json.js";

/** Reports in the state bucket: `reports/<generatedAt>.json` for history, `reports/latest.json` for the next run. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = "reports/",
  ) {}

  latest(): Promise<Report | undefined> {
    return getJson<Report>(this.client, this.bucket, `${this.prefix}latest.json`);
  }

  async save(report: Report): Promise<string> {
    const key = `${this.prefix}${report.generatedAt}.json`;
    await putJson(this.client, this.bucket, key, report);
    await putJson(this.client, this.bucket, `${this.prefix}latest.json`, report);
    return key;
  }
}
