import { InvalidBucketUrlError, parseBucketUrl } from "@fleetwatch/audit-aws";
import { describe, expect, it } from "vitest";

describe("parseBucketUrl", () => {
  it.each([
    ["s3://thanos-blocks", { kind: "s3", bucket: "thanos-blocks", prefix: "" }],
    ["s3://thanos-blocks/", { kind: "s3", bucket: "thanos-blocks", prefix: "" }],
    ["s3://thanos-blocks/team/a/", { kind: "s3", bucket: "thanos-blocks", prefix: "team/a/" }],
    ["file:///var/thanos", { kind: "file", dir: "/var/thanos" }],
  ])("parses %s", (url, expected) => {
    expect(parseBucketUrl(url)).toEqual(expected);
  });

  it.each(["thanos-blocks", "s3://UPPER", "gs://bucket", "file://relative/dir"])("rejects %s", (url) => {
    expect(() => parseBucketUrl(url)).toThrow(InvalidBucketUrlError);
  });
});
