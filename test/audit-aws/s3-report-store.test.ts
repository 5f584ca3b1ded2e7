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

  it("reads the delivery state with its ETag; a missing one is undefined, SlowDown is thrown for the retry", async () => {
    const state = { version: 1, delivered: {} };
    const slowDown = Object.assign(new Error("Please reduce your request rate."), {
      name: "SlowDown",
      $metadata: { httpStatusCode: 503 },
    });
    s3.on(GetObjectCommand, { Key: "reports/delivered.json" })
      .resolvesOnce({ Body: sdkBody(JSON.stringify(state)), ETag: '"e1"' })
      .rejectsOnce(new NoSuchKey({ message: "x", $metadata: {} }))
      .rejectsOnce(slowDown)
      .resolvesOnce({ Body: sdkBody("{not json"), ETag: '"e2"' });
    const store = new S3ReportStore(new S3Client({ region: "us-east-1" }), "state");
    expect(await store.readDelivery()).toEqual({ state, etag: '"e1"' });
    expect(await store.readDelivery()).toBeUndefined();
    await expect(store.readDelivery()).rejects.toBe(slowDown);
    await expect(store.readDelivery()).rejects.toThrow(
      "s3://state/reports/delivered.json is not a delivery state (version 1); delete it and the next run starts over",
    );
  });

  it("writes the delivery state conditionally; a lost race (412) is undefined", async () => {
    const state = { version: 1 as const, delivered: {} };
    s3.on(PutObjectCommand)
      .resolvesOnce({ ETag: '"e1"' })
      .resolvesOnce({ ETag: '"e2"' })
      .rejectsOnce(
        Object.assign(new Error("At least one of the pre-conditions you specified did not hold"), {
          name: "PreconditionFailed",
          $metadata: { httpStatusCode: 412 },
        }),
      );
    const store = new S3ReportStore(new S3Client({ region: "us-east-1" }), "state");
    expect(await store.writeDelivery(state, undefined)).toBe('"e1"');
    expect(await store.writeDelivery(state, '"e1"')).toBe('"e2"');
    expect(await store.writeDelivery(state, '"e1"')).toBeUndefined();
    const inputs = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Key, i.IfNoneMatch, i.IfMatch])).toEqual([
      ["reports/delivered.json", "*", undefined],
      ["reports/delivered.json", undefined, '"e1"'],
      ["reports/delivered.json", undefined, '"e1"'],
    ]);
  });
});
