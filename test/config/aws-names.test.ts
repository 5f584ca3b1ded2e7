import { describe, expect, it } from "vitest";
import { AWS_IDS, bucketNameProblem, TAG_KEY_CHARACTER } from "../../packages/config/src/aws-names.js";

describe("bucketNameProblem", () => {
  it.each(["abc", "fleetwatch-mirror", "my.mirror.example", "a".repeat(63), "123-logs"])(
    "accepts %j",
    (name) => {
      expect(bucketNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ["ab", "must be 3 to 63 characters long"],
    ["a".repeat(64), "must be 3 to 63 characters long"],
    ["My_Bucket", "may only contain lower-case letters, digits, dots and dashes"],
    ["-mirror", "must start and end with a letter or digit"],
    ["mirror.", "must start and end with a letter or digit"],
    ["my..mirror", "must not contain two dots in a row"],
    ["192.168.5.4", "must not look like an IP address"],
    ["xn--mirror", 'must not start with "xn--", which AWS reserves'],
    ["mirror-s3alias", 'must not end with "-s3alias", which AWS reserves'],
  ])("rejects %j: %s", (name, problem) => {
    expect(bucketNameProblem(name)).toBe(problem);
  });
});

describe("AWS_IDS", () => {
  it.each([
    ["vpc", "vpc-0123abcd", true],
    ["vpc", "vpc-0123456789abcdef0", true],
    ["vpc", "vpc-0123abc", false],
    ["vpc", "vpc-0123456789ABCDEF0", false],
    ["subnet", "subnet-0aaaaaaaaaaaaaaaa", true],
    ["subnet", "sub-0aaaaaaaa", false],
    ["routeTable", "rtb-0cccccccccccccccc", true],
    ["routeTable", "rtb-0cccccccccccccccccc", false],
  ] as const)("%s id %j is valid: %s", (kind, id, valid) => {
    expect(AWS_IDS[kind].pattern.test(id)).toBe(valid);
  });
});

describe("TAG_KEY_CHARACTER", () => {
  it.each(["a", "Ü", "7", " ", "_", ".", ":", "/", "=", "+", "-", "@"])("allows %j", (c) => {
    expect(TAG_KEY_CHARACTER.test(c)).toBe(true);
  });

  it.each(["#", "*", "!", "?", "\t"])("rejects %j", (c) => {
    expect(TAG_KEY_CHARACTER.test(c)).toBe(false);
  });
});
