import type { AppRun } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { forBucket, policyOf, runStage } from "../infra/harness";

const BUCKETS = ["ThanosBucket", "StateBucket"] as const;

describe.each([
  { stage: "dev", production: false },
  { stage: "production", production: true },
])("storage stack on stage $stage", ({ stage, production }) => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage(stage);
  });

  it("creates exactly the Thanos bucket and the state bucket", () => {
    const names = run.graph.ofType("aws:s3/bucket:Bucket").map((b) => b.name);
    expect(names.sort()).toEqual(["StateBucketBucket", "ThanosBucketBucket"]);
  });

  describe.each(BUCKETS)("%s", (name) => {
    const bucketName = () => run.graph.one("aws:s3/bucket:Bucket", `${name}Bucket`).inputs.bucket;

    it("blocks every kind of public access", () => {
      const block = forBucket(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucketName());
      expect(block.inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    });

    it("denies every request that does not use TLS, to the bucket and its objects", () => {
      const policy = policyOf(forBucket(run, "aws:s3/bucketPolicy:BucketPolicy", bucketName()));
      const deny = policy.Statement.find((s) => s.Effect === "Deny");
      expect(deny).toEqual({
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:*"],
        Resource: [`arn:aws:s3:::${bucketName()}`, `arn:aws:s3:::${bucketName()}/*`],
        Condition: { Bool: { "aws:SecureTransport": ["false"] } },
      });
      expect(policy.Statement.filter((s) => s.Effect === "Allow")).toEqual([]);
    });

    it("encrypts objects at rest with SSE-S3 and bucket keys", () => {
      const sse = forBucket(
        run,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        bucketName(),
      );
      expect(sse.inputs.rules).toEqual([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true },
      ]);
    });

    it("aborts incomplete multipart uploads after 3 days", () => {
      const lifecycle = forBucket(
        run,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        bucketName(),
      );
      expect(lifecycle.inputs.rules).toContainEqual({
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: 3 },
      });
    });

    it(production ? "is retained, protected and never force-destroyed" : "is removed with the stage", () => {
      const bucket = run.graph.one("aws:s3/bucket:Bucket", `${name}Bucket`);
      expect(bucket.inputs.forceDestroy).toBe(!production);
      expect(bucket.options).toEqual({ protect: production, retainOnDelete: production });
    });

    it("has no CORS configuration", () => {
      const cors = run.graph.ofType("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration");
      expect(cors.filter((c) => c.inputs.bucket === bucketName())).toEqual([]);
    });
  });

  it("never expires Thanos blocks (the compactor owns retention)", () => {
    const thanos = run.graph.one("aws:s3/bucket:Bucket", "ThanosBucketBucket").inputs.bucket;
    const lifecycle = forBucket(
      run,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      thanos,
    );
    const rules = lifecycle.inputs.rules as { expiration?: unknown }[];
    expect(rules.filter((r) => r.expiration !== undefined)).toEqual([]);
  });

  it("expires only old reports in the state bucket", () => {
    const state = run.graph.one("aws:s3/bucket:Bucket", "StateBucketBucket").inputs.bucket;
    const lifecycle = forBucket(
      run,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      state,
    );
    const expiring = (lifecycle.inputs.rules as { expiration?: unknown; filter?: unknown }[]).filter(
      (r) => r.expiration,
    );
    expect(expiring).toEqual([
      {
        id: "expire-old-reports",
        status: "Enabled",
        filter: { prefix: "reports/" },
        expiration: { days: 90 },
      },
    ]);
  });

  it(`sets the app's removal to ${production ? "retain, protected" : "remove"}`, () => {
    expect(run.app.removal).toBe(production ? "retain" : "remove");
    expect(run.app.protect).toBe(production);
  });
});
