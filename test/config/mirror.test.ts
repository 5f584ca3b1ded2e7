import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../packages/config/src/load.js";
import { mirrorBucket, mirrorKeyPrefix } from "../../packages/config/src/mirror.js";
import type { FleetwatchConfig } from "../../packages/config/src/types.js";
import { configError } from "./config-error.js";

const header = `Invalid fleetwatch config for stage "dev" (fleetwatch.config.ts):`;
/** Two regions onboarded and an S3 source: `source` as given, unchecked (it may be wrong on purpose). */
const s3 = (source: object): FleetwatchConfig =>
  ({
    homeRegion: "us-east-1",
    regions: ["eu-west-1"],
    nodeExporter: { source: { kind: "s3", ...source } },
  }) as FleetwatchConfig;

describe("mirrorKeyPrefix", () => {
  it.each([
    [undefined, ""],
    ["", ""],
    ["node_exporter/", "node_exporter"],
    ["releases/node_exporter", "releases/node_exporter"],
    ["//a/b//", "a/b"],
  ])("makes %o the key prefix %o", (prefix, keys) => {
    expect(mirrorKeyPrefix(prefix)).toBe(keys);
  });
});

describe("mirrorBucket", () => {
  it.each([
    [{ bucket: "acme-mirror-{region}" }, "eu-west-1", "acme-mirror-eu-west-1"],
    [{ bucket: "{region}.acme-{region}" }, "us-east-1", "us-east-1.acme-us-east-1"],
    [{ bucket: "acme-mirror" }, "eu-west-1", "acme-mirror"],
    [{ buckets: { "eu-west-1": "acme-dublin" } }, "eu-west-1", "acme-dublin"],
    [{ buckets: { "eu-west-1": "acme-dublin" } }, "us-east-1", undefined],
    [{ buckets: {} }, "toString", undefined],
    [{}, "us-east-1", undefined],
  ])("resolves %o in %s to %s", (mirror, region, bucket) => {
    expect(mirrorBucket(mirror, region)).toBe(bucket);
  });
});

describe("nodeExporter.source of kind s3", () => {
  it.each<{ name: string; config: unknown; issues: string[] }>([
    {
      name: "one plain bucket while two regions are onboarded",
      config: s3({ bucket: "acme-mirror" }),
      issues: [
        `nodeExporter.source.bucket: must name a bucket in each onboarded region ("us-east-1" and "eu-west-1"; an S3 gateway endpoint reaches buckets of its own region only), got the one bucket "acme-mirror". Fix: put "{region}" in nodeExporter.source.bucket (e.g. "acme-mirror-{region}"), or set nodeExporter.source.buckets to a bucket per region instead.`,
      ],
    },
    {
      name: "neither bucket nor buckets",
      config: s3({}),
      issues: [
        `nodeExporter.source: must name its bucket with kind "s3", got neither bucket nor buckets. Fix: set nodeExporter.source.bucket to e.g. "acme-mirror-{region}" (one bucket per region), or nodeExporter.source.buckets to { "<region>": "<bucket>" }.`,
      ],
    },
    {
      name: "both bucket and buckets",
      config: s3({ bucket: "acme-{region}", buckets: { "us-east-1": "acme-a", "eu-west-1": "acme-b" } }),
      issues: [
        `nodeExporter.source.buckets: must not be set together with nodeExporter.source.bucket, got both. Fix: remove nodeExporter.source.buckets to use one bucket name for every region, or remove nodeExporter.source.bucket to name a bucket per region.`,
      ],
    },
    {
      name: "a placeholder other than {region}",
      config: s3({ bucket: "acme-{stage}-{region}" }),
      issues: [
        `nodeExporter.source.bucket: may hold no placeholder but "{region}", got "acme-{stage}-{region}" with "{stage}". Fix: remove "{stage}" from nodeExporter.source.bucket, or write it as "{region}".`,
      ],
    },
    {
      name: "a template that makes an invalid bucket name",
      config: s3({ bucket: "Acme-{region}" }),
      issues: [
        `nodeExporter.source.bucket: may only contain lower-case letters, digits, dots and dashes (S3 bucket naming rules), got "Acme-{region}", which makes "Acme-us-east-1" in "us-east-1". Fix: change nodeExporter.source.bucket so that it makes a valid bucket name in every onboarded region.`,
      ],
    },
    {
      name: "a template too long in one of the regions",
      config: {
        homeRegion: "eu-west-1",
        regions: ["ap-southeast-1"],
        nodeExporter: { source: { kind: "s3", bucket: `${"a".repeat(50)}-{region}` } },
      },
      issues: [
        `nodeExporter.source.bucket: must be 3 to 63 characters long (S3 bucket naming rules), got "${"a".repeat(50)}-{region}", which makes "${"a".repeat(50)}-ap-southeast-1" in "ap-southeast-1". Fix: change nodeExporter.source.bucket so that it makes a valid bucket name in every onboarded region.`,
      ],
    },
    {
      name: "buckets without one for a region",
      config: s3({ buckets: { "us-east-1": "acme-mirror" } }),
      issues: [
        `nodeExporter.source.buckets: must name a bucket for every onboarded region ("us-east-1" and "eu-west-1"), got none for "eu-west-1". Fix: add "eu-west-1": "<mirror bucket in eu-west-1>" to nodeExporter.source.buckets.`,
      ],
    },
    {
      name: "buckets of regions not onboarded",
      config: s3({
        buckets: {
          "us-east-1": "acme-a",
          "eu-west-1": "acme-b",
          "eu-wst-1": "acme-c",
          "ap-south-1": "acme-d",
        },
      }),
      issues: [
        `nodeExporter.source.buckets["eu-wst-1"]: must be a region fleetwatch onboards (homeRegion or one of regions: "us-east-1" or "eu-west-1"), got "eu-wst-1"; did you mean "eu-west-1"? Fix: remove nodeExporter.source.buckets["eu-wst-1"], or add "eu-wst-1" to regions.`,
        `nodeExporter.source.buckets["ap-south-1"]: must be a region fleetwatch onboards (homeRegion or one of regions: "us-east-1" or "eu-west-1"), got "ap-south-1". Fix: remove nodeExporter.source.buckets["ap-south-1"], or add "ap-south-1" to regions.`,
      ],
    },
    {
      name: "an invalid bucket name in buckets",
      config: s3({ buckets: { "us-east-1": "A_mirror", "eu-west-1": "acme-b" } }),
      issues: [
        `nodeExporter.source.buckets["us-east-1"]: may only contain lower-case letters, digits, dots and dashes (S3 bucket naming rules), got "A_mirror". Fix: set nodeExporter.source.buckets["us-east-1"] to the bucket's name exactly as the S3 console shows it.`,
      ],
    },
    {
      name: "an invalid plain bucket name",
      config: { nodeExporter: { source: { kind: "s3", bucket: "ab" } } },
      issues: [
        `nodeExporter.source.bucket: must be 3 to 63 characters long (S3 bucket naming rules), got "ab". Fix: set nodeExporter.source.bucket to the bucket's name exactly as the S3 console shows it.`,
      ],
    },
    {
      name: "a stage that adds a region to a plain bucket",
      config: {
        nodeExporter: { source: { kind: "s3", bucket: "acme-mirror" } },
        stages: { dev: { regions: ["eu-west-1"] } },
      },
      issues: [
        `stages.dev.nodeExporter.source.bucket: must name a bucket in each onboarded region ("us-east-1" and "eu-west-1"; an S3 gateway endpoint reaches buckets of its own region only), got the one bucket "acme-mirror". Fix: put "{region}" in stages.dev.nodeExporter.source.bucket (e.g. "acme-mirror-{region}"), or set nodeExporter.source.buckets to a bucket per region instead.`,
      ],
    },
  ])("rejects $name", ({ config, issues }) => {
    expect(configError(config).message).toBe([header, ...issues.map((issue) => `  - ${issue}`)].join("\n"));
  });

  it.each<{ name: string; config: FleetwatchConfig }>([
    { name: "a {region} template", config: s3({ bucket: "acme-mirror-{region}" }) },
    {
      name: "a bucket per region",
      config: s3({
        buckets: { "us-east-1": "acme-mirror", "eu-west-1": "acme-mirror-dublin" },
      }),
    },
    {
      name: "the same bucket named for every region (instances with egress)",
      config: s3({ buckets: { "us-east-1": "acme-mirror", "eu-west-1": "acme-mirror" } }),
    },
    {
      name: "a plain bucket with the home region alone",
      config: { nodeExporter: { source: { kind: "s3", bucket: "acme-mirror" } } },
    },
    {
      name: "a home region repeated in regions with a plain bucket",
      config: { regions: ["us-east-1"], nodeExporter: { source: { kind: "s3", bucket: "acme-mirror" } } },
    },
  ])("accepts $name", ({ config }) => {
    expect(() => resolveConfig(config, "dev")).not.toThrow();
  });
});
