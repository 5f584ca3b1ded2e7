import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { DEFAULT_AUDIT_CONFIG, runAudit } from "@fleetwatch/audit";
import { AWS_RETRY, S3Bucket } from "@fleetwatch/audit-aws";
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
      objects: [{ key: "01JZ8Q5ABCDEFGHJKMNPQRSTVW/meta.json", size: 10, lastModified: 5000 }],
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

  /** An error shaped as the SDK throws it: named by its code, with the HTTP status when S3 answered. */
  const sdkError = (name: string, status?: number) =>
    status === undefined
      ? Object.assign(new Error(`${name}: could not load credentials from any providers`), { name })
      : new S3ServiceException({ name, $fault: "client", $metadata: { httpStatusCode: status } });

  it.each([
    {
      name: "CredentialsProviderError",
      status: undefined,
      kind: "no-credentials",
      fix: /^no AWS credentials/,
    },
    {
      name: "InvalidAccessKeyId",
      status: 403,
      kind: "invalid-credentials",
      fix: /^AWS refused the credentials/,
    },
    { name: "ExpiredToken", status: 400, kind: "invalid-credentials", fix: /^AWS refused the credentials/ },
    { name: "NoSuchBucket", status: 404, kind: "no-such-bucket", fix: /^no bucket of that name/ },
    { name: "AccessDenied", status: 403, kind: "access-denied", fix: /s3:ListBucket on the bucket/ },
  ])(
    "names $name as $kind, with its own fix, and audits once it is fixed",
    async ({ name, status, kind, fix }) => {
      s3.on(ListObjectsV2Command).rejects(sdkError(name, status));
      const bucket = new S3Bucket(new S3Client({ region: "us-east-1" }), "thanos", "tenant/");
      const audit = () =>
        runAudit({
          bucket: "s3://thanos/tenant",
          lister: bucket,
          reader: bucket,
          config: DEFAULT_AUDIT_CONFIG,
          now: 0,
          retry: AWS_RETRY,
        });
      const result = await audit();
      expect(result.bucketAccess).toMatchObject({ kind, code: name, target: "s3://thanos/tenant/" });
      const [finding, ...rest] = result.report.findings;
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ id: "source-unavailable", severity: "critical", subject: "bucket" });
      expect(finding?.evidence).toContain(`s3://thanos/tenant/: `);
      expect(finding?.fix).toMatch(fix);

      s3.reset();
      s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
      const next = await audit();
      expect(next.bucketAccess).toBeUndefined();
      expect(next.report.findings.map((f) => f.id)).toEqual(["no-blocks"]);
    },
  );

  it("names a denied GetObject by its key", async () => {
    s3.on(GetObjectCommand).rejects(sdkError("AccessDenied", 403));
    const bucket = new S3Bucket(new S3Client({ region: "us-east-1" }), "thanos");
    await expect(bucket.get("01JZ8Q5ABCDEFGHJKMNPQRSTVW/meta.json")).rejects.toMatchObject({
      name: "BucketAccessError",
      kind: "access-denied",
      target: "s3://thanos/01JZ8Q5ABCDEFGHJKMNPQRSTVW/meta.json",
    });
  });
});
