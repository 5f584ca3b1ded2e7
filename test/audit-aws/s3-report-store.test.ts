import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { S3ReportStore } from "@fleetwatch/audit-aws";
import { beforeEach, describe, expect, it } from "vitest";
import { sampleReport } from "../support/report";
import { sdkBody } from "../support/sdk-body";

const s3 = mockClient(S3Client);

describe("S3ReportStore", () => {
  beforeEach(() => s3.reset());

  it("writes the dated report and latest.json", async () => {
    s3.on(PutObjectCommand).resolves({});
    const report = sampleReport();
    const key = await new S3ReportStore(new S3Client({ region: "us-east-1" }), "state").save(report);
    expect(key).toBe(`reports/${report.generatedAt}.json`);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      key,
      "reports/latest.json",
    ]);
  });

  it("reads latest.json, and nothing on the first run", async () => {
    const report = sampleReport();
    s3.on(GetObjectCommand)
      .resolvesOnce({ Body: sdkBody(JSON.stringify(report)) })
      .rejects(new NoSuchKey({ message: "x", $metadata: {} }));
    const store = new S3ReportStore(new S3Client({ region: "us-east-1" }), "state");
    expect(await store.latest()).toEqual(report);
    expect(await store.latest()).toBeUndefined();
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: "state", Key: "reports/latest.json" });
  });
});
