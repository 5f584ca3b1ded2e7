import { describe, expect, it } from "vitest";
import {
  disallowedChars,
  parseCharList,
  parseDocLimits,
} from "../../../packages/conformance/src/properties/doc-limits";

const SG_CHARS = "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*";

describe("parseDocLimits", () => {
  // Phrases as CloudFormation's registry documentation states them (@aws-cdk/aws-service-spec 0.1.216).
  it.each([
    {
      doc: "A description for the security group.\n\nConstraints: Up to 255 characters in length\n\nValid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*",
      want: { maxLength: 255, charset: " ._-:/()#,@[]+=&;{}!$* a-zA-Z0-9" },
    },
    {
      doc: "A description for the security group rule.\n\nConstraints: Up to 255 characters in length. Allowed characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=;{}!$*",
      want: { maxLength: 255, charset: " ._-:/()#,@[]+=;{}!$* a-zA-Z0-9" },
    },
    {
      doc: "The name of the target group.\n\nThis name must be unique per region per account, can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen.",
      want: { maxLength: 32, charset: "- a-zA-Z0-9" },
    },
    {
      doc: "A name for the bucket. The bucket name must contain only lowercase letters, numbers, periods (.), and dashes (-) and must follow [Amazon S3 bucket restrictions and limitations](https://docs.aws.amazon.com/AmazonS3/latest/dev/BucketRestrictions.html) .",
      want: { charset: ".- a-z0-9" },
    },
    {
      doc: "The name must contain only ASCII letters, digits, and hyphens; it can't end with a hyphen.",
      want: { charset: "- a-zA-Z0-9" },
    },
    {
      doc: "The name of a family that this task definition is registered to. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.",
      want: { maxLength: 255, charset: "-_ a-zA-Z0-9" },
    },
    {
      doc: "A name for the IAM role, up to 64 characters in length. For valid values, see the `RoleName` parameter.",
      want: { maxLength: 64 },
    },
    {
      doc: "Values must be from 0 to 43,200 seconds (12 hours). If you don't specify a value, AWS CloudFormation uses the default value of 30 seconds.",
      want: { minimum: 0, maximum: 43200 },
    },
    {
      doc: "You can specify an integer from 1,024 bytes (1 KiB) to 1,048,576 bytes (1 MiB).\n\nDefault: 1,048,576 bytes (1 MiB).",
      want: { minimum: 1024, maximum: 1048576 },
    },
    {
      doc: "You can specify an integer value from `60` seconds (1 minute) to `1,209,600` seconds (14 days).",
      want: { minimum: 60, maximum: 1209600 },
    },
    {
      doc: "The value must be an integer between 60 (1 minute) and 86,400 (24 hours). The default is 300 (5 minutes).",
      want: { minimum: 60, maximum: 86400 },
    },
    {
      doc: "The size of the function's `/tmp` directory in MB. The default value is 512, but it can be any whole number between 512 and 10,240 MB.",
      want: { minimum: 512, maximum: 10240 },
    },
    {
      doc: "The number of consecutive health check failures. The range is 2-10. The default is 2.",
      want: { minimum: 2, maximum: 10 },
    },
    {
      doc: "The amount of time. The range is 2\u2013120 seconds. For HTTP, the default is 6 seconds.",
      want: { minimum: 2, maximum: 120 },
    },
    {
      doc: "The time period in seconds. You may specify between 5 and 300 seconds.",
      want: { minimum: 5, maximum: 300 },
    },
    {
      doc: "The total amount, in GiB, of ephemeral storage. The minimum supported value is `21` GiB and the maximum supported value is `200` GiB.",
      want: { minimum: 21, maximum: 200 },
    },
    { doc: "The default is 3 seconds. The maximum allowed value is 900 seconds.", want: { maximum: 900 } },
    {
      doc: "Unique identifier for the rule. The value can't be longer than 255 characters.",
      want: { maxLength: 255 },
    },
    { doc: "The maximum length of the string is 1,024 characters.", want: { maxLength: 1024 } },
    {
      doc: "*Length Constraints:* Minimum length of 1. Maximum length of 256.",
      want: { minLength: 1, maxLength: 256 },
    },
    { doc: "The name must be between 1 and 64 characters.", want: { minLength: 1, maxLength: 64 } },
  ])("reads $want from $doc", ({ doc, want }) => {
    const limits = parseDocLimits(doc);
    const got: Record<string, unknown> = {};
    if (limits.minLength) got.minLength = limits.minLength.value;
    if (limits.maxLength) got.maxLength = limits.maxLength.value;
    if (limits.minimum) got.minimum = limits.minimum.value;
    if (limits.maximum) got.maximum = limits.maximum.value;
    if (limits.charset)
      got.charset = `${limits.charset.value.chars} ${limits.charset.value.ranges.map((r) => r.join("-")).join("")}`;
    expect(got).toEqual(want);
  });

  it.each([
    // A range per case: which one applies depends on the protocol.
    "For target groups with a protocol of TCP the range is 200-599. For target groups with a protocol of HTTP or HTTPS, the range is 200-499.",
    // A range in hours for a value in seconds: no phrase this parser reads.
    "This setting can have a value from 1 hour to 12 hours.",
    // Two different maxima for one name.
    "The maximum length is 80 characters. For a FIFO queue, the maximum length is 75 characters.",
    // A character list with words the parser does not know.
    "Valid characters are any letter from any language, any whitespace character, any numeric character.",
    "",
  ])("reads nothing it cannot be sure of: %s", (doc) => {
    const limits = parseDocLimits(doc);
    expect(limits.minimum ?? limits.maximum ?? limits.charset).toBeUndefined();
    expect(limits.maxLength).toBeUndefined();
  });

  it("names the phrase each limit comes from", () => {
    const limits = parseDocLimits("Values must be from 0 to 43,200 seconds (12 hours).");
    expect(limits.maximum?.phrase).toBe("Values must be from 0 to 43,200 seconds (12 hours).");
  });
});

describe("parseCharList", () => {
  it.each([
    [SG_CHARS, "fleetwatch Prometheus + Thanos sidecar tasks", []],
    [SG_CHARS, "Grafana's tasks", ["'"]],
    [SG_CHARS, "caf\u00e9 <tasks>", ["\u00e9", "<", ">"]],
    ["a-z, 0-9 and hyphens (-).", "my-bucket-1", []],
    ["a-z, 0-9 and hyphens (-).", "My_bucket", ["M", "_"]],
    ["alphanumeric characters or hyphens", "HTTP-1a", []],
  ])("reads %s: %s breaks it with %j", (list, value, bad) => {
    const charset = parseCharList(list);
    expect(charset).toBeDefined();
    expect(disallowedChars(value, charset as NonNullable<typeof charset>)).toEqual(bad);
  });

  it.each(["any letter from any language", "letters, numbers, and (unbalanced", "some symbols"])(
    "refuses %s",
    (list) => {
      expect(parseCharList(list)).toBeUndefined();
    },
  );
});
