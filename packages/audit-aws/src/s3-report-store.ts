import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { DeliveryState, DeliveryStore, Report, ReportStore, StoredDelivery } from "@fleetwatch/audit";
import { DELIVERED_KEY, LATEST_REPORT_KEY, reportKey } from "@fleetwatch/state-layout";
import { getJson, putJson } from "./s3-json.js";
import { lostRace, nameOf } from "./s3-race.js";

/**
 * The audit's reports in the state bucket (keys from @fleetwatch/state-layout): `reportKey(generatedAt)` for
 * history, `LATEST_REPORT_KEY` for the CLI and the first run, `DELIVERED_KEY` for what Slack was told
 * ({@link DeliveryState}, written with a conditional PutObject: `If-Match` its ETag, `If-None-Match: *` when absent).
 */
export class S3ReportStore implements ReportStore, DeliveryStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  get deliveryLocation(): string {
    return `the state bucket's ${DELIVERED_KEY}`;
  }

  latest(): Promise<Report | undefined> {
    return getJson<Report>(this.client, this.bucket, LATEST_REPORT_KEY);
  }

  async save(report: Report): Promise<string> {
    const key = reportKey(report.generatedAt);
    await putJson(this.client, this.bucket, key, report);
    await putJson(this.client, this.bucket, LATEST_REPORT_KEY, report);
    return key;
  }

  /** Undefined for NoSuchKey; SDK errors (SlowDown, 5xx) are thrown as they are, for the caller's retry. */
  async readDelivery(): Promise<StoredDelivery | undefined> {
    const key = DELIVERED_KEY;
    let out: GetObjectCommandOutput;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (nameOf(error) === "NoSuchKey") return undefined;
      throw error;
    }
    const text = (await out.Body?.transformToString("utf8")) ?? "";
    const etag = out.ETag;
    if (!etag) throw new Error(`GetObject s3://${this.bucket}/${key} answered without an ETag`);
    return { state: parseDelivery(text, `s3://${this.bucket}/${key}`), etag };
  }

  async writeDelivery(state: DeliveryState, etag: string | undefined): Promise<string | undefined> {
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: DELIVERED_KEY,
          Body: JSON.stringify(state),
          ContentType: "application/json",
          ...(etag === undefined ? { IfNoneMatch: "*" } : { IfMatch: etag }),
        }),
      );
      if (!out.ETag)
        throw new Error(`PutObject s3://${this.bucket}/${DELIVERED_KEY} answered without an ETag`);
      return out.ETag;
    } catch (error) {
      if (lostRace(error)) return undefined;
      throw error;
    }
  }
}

/** Parses a stored delivery state; a corrupt one is a one-line error naming the key and the fix. */
function parseDelivery(text: string, where: string): DeliveryState {
  let parsed: Partial<DeliveryState> | null;
  try {
    parsed = JSON.parse(text) as Partial<DeliveryState> | null;
  } catch {
    parsed = null;
  }
  if (parsed?.version !== 1 || typeof parsed.delivered !== "object" || parsed.delivered === null)
    throw new Error(`${where} is not a delivery state (version 1); delete it and the next run starts over`);
  return parsed as DeliveryState;
}
