import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { S3ConfigStore } from "@fleetwatch/audit-aws";
import { beforeEach, describe, expect, it } from "vitest";
import { sdkBody } from "../support/sdk-body";

const s3 = mockClient(S3Client);
const store = () => new S3ConfigStore(new S3Client({ region: "us-east-1" }), "state");
const error = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe("S3ConfigStore", () => {
  beforeEach(() => s3.reset());

  it("reads the pointer's version and ETag; no pointer is undefined", async () => {
    s3.on(GetObjectCommand, { Key: "config/current" })
      .resolvesOnce({ Body: sdkBody("0123456789abcdef\n"), ETag: '"e1"' })
      .rejects(new NoSuchKey({ message: "x", $metadata: {} }));
    expect(await store().pointer()).toEqual({ version: "0123456789abcdef", etag: '"e1"' });
    expect(await store().pointer()).toBeUndefined();
  });

  it("reads an object of a version; a missing one is undefined, SlowDown is thrown", async () => {
    const key = "config/0123456789abcdef/render-input.json";
    s3.on(GetObjectCommand, { Key: key })
      .resolvesOnce({ Body: sdkBody("{}") })
      .rejectsOnce(new NoSuchKey({ message: "x", $metadata: {} }))
      .rejects(error("SlowDown", 503));
    expect(await store().read(key)).toBe("{}");
    expect(await store().read(key)).toBeUndefined();
    await expect(store().read(key)).rejects.toMatchObject({ name: "SlowDown" });
  });

  it("writes files with their content type, and only under config/ (never the pointer)", async () => {
    s3.on(PutObjectCommand).resolves({});
    await store().write("config/v1/prometheus/default-a/prometheus.yml", "global: {}\n");
    await store().write("config/v1/grafana/dashboards/node-detail.json", "{}");
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toMatchObject([
      { Bucket: "state", Key: "config/v1/prometheus/default-a/prometheus.yml", ContentType: "text/plain" },
      {
        Bucket: "state",
        Key: "config/v1/grafana/dashboards/node-detail.json",
        ContentType: "application/json",
      },
    ]);
    await expect(store().write("reports/latest.json", "{}")).rejects.toThrow(/not a key of a config version/);
    await expect(store().write("config/current", "v2")).rejects.toThrow(/not a key of a config version/);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it("moves the pointer only if it is still the one read (If-Match); a lost race is false", async () => {
    s3.on(PutObjectCommand)
      .resolvesOnce({ ETag: '"e2"' })
      .rejectsOnce(error("PreconditionFailed", 412))
      .rejectsOnce(error("ConditionalRequestConflict", 409))
      .rejects(error("AccessDenied", 403));
    expect(await store().movePointer("v2", '"e1"')).toBe(true);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: "state",
      Key: "config/current",
      Body: "v2",
      IfMatch: '"e1"',
    });
    expect(await store().movePointer("v2", '"e1"')).toBe(false);
    expect(await store().movePointer("v2", '"e1"')).toBe(false);
    await expect(store().movePointer("v2", '"e1"')).rejects.toMatchObject({ name: "AccessDenied" });
  });
});
