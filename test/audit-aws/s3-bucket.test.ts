import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { S3Bucket } from "@fleetwatch/audit-aws";
import { beforeEach, describe, expect, it } from "vitest";
import { sdkBody } from "../support/sdk-body";

const s3 = mockClient(S3Client);
const body = sdkBody;

describe("S3Bucket", () => {
  beforeEach(() => s3.reset());

  it("lists flat under the prefix, starting after the range start, keys made relative", async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        {
          Key: "tenant/01JZ8Q5ABCDEFGHJKMNPQRSTVW/meta.json",
          Size: 10,
          LastModified: new Date(5000),
          ETag: '"e"',
        },
      ],
      IsTruncated: true,
      NextContinuationToken: "tok",
    });
    const bucket = new S3Bucket(new S3Client({ region: "us-east-1" }), "thanos", "tenant/");
    const page = await bucket.listPage({ startAfter: "01JZ" });
    expect(page).toEqual({
      objects: [{ key: "01JZ8Q5ABCDEFGHJKMNPQRSTVW/meta.json", size: 10, lastModified: 5000, etag: '"e"' }],
      nextToken: "tok",
    });
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: "thanos",
      Prefix: "tenant/",
      StartAfter: "tenant/01JZ",
      MaxKeys: 1000,
    });
  });

  it("continues with the token alone", async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    const bucket = new S3Bucket(new S3Client({ region: "us-east-1" }), "thanos");
    expect(await bucket.listPage({ startAfter: "01JZ" }, "tok")).toEqual({ objects: [] });
    const input = s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input;
    expect(input).toEqual({ Bucket: "thanos", ContinuationToken: "tok", MaxKeys: 1000 });
  });

  it("reads a body, and undefined for a key deleted since the listing", async () => {
    s3.on(GetObjectCommand, { Key: "a/meta.json" }).resolves({ Body: body("{}") });
    s3.on(GetObjectCommand, { Key: "gone" }).rejects(new NoSuchKey({ message: "gone", $metadata: {} }));
    const bucket = new S3Bucket(new S3Client({ region: "us-east-1" }), "thanos");
    expect(await bucket.get("a/meta.json")).toBe("{}");
    expect(await bucket.get("gone")).toBeUndefined();
  });

  it("lets throttling through to the audit's retry", async () => {
    const slowDown = new S3ServiceException({
      name: "SlowDown",
      $fault: "server",
      $metadata: { httpStatusCode: 503 },
    });
    s3.on(GetObjectCommand).rejects(slowDown);
    const bucket = new S3Bucket(new S3Client({ region: "us-east-1" }), "thanos");
    await expect(bucket.get("x")).rejects.toMatchObject({ name: "SlowDown" });
  });
});
