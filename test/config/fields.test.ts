import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  awsId,
  clockTime,
  collectorName,
  duration,
  groupName,
  httpsUrl,
  keyPrefix,
  nonEmpty,
  releaseVersion,
  sha256,
  size,
  tagPrefix,
  tagSelector,
} from "../../packages/config/src/fields.js";
import { problemsOf } from "../../packages/config/src/issues.js";
import { renderPath } from "../../packages/config/src/text.js";

/** `<path>: <message> | <fix>` of each problem `schema` finds in `value`, at key `x`. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  return problemsOf(result.error, schema, value).map((problem) => {
    const at = renderPath(["x", ...problem.path]);
    return `${at}: ${problem.message} | ${problem.fix(at)}`;
  });
}

describe("fields", () => {
  it.each<{ name: string; schema: z.ZodType; value: unknown; found: string[] }>([
    {
      name: "a group name, with a fixed-up suggestion",
      schema: groupName(),
      value: "Web Servers!",
      found: [
        'x: must be 1 to 20 lower-case letters, digits or dashes, starting with a letter, got "Web Servers!" | set x to "web-servers"',
      ],
    },
    {
      name: "a VPC id in upper case",
      schema: awsId("vpc"),
      value: "VPC-0123ABCD",
      found: [
        'x: must be a VPC id like "vpc-0123456789abcdef0", got "VPC-0123ABCD" | set x to "vpc-0123abcd"',
      ],
    },
    {
      name: "a sha256 in upper case",
      schema: sha256("arm64"),
      value: "AB".repeat(32),
      found: [
        `x: must be a sha256: 64 lower-case hex characters, got "${"AB".repeat(32)}" (64 characters) | set x to "${"ab".repeat(32)}"`,
      ],
    },
    {
      name: "a size without its space",
      schema: size(),
      value: "8GB",
      found: ['x: must be a size like "4 GB" (a number, a space and GB), got "8GB" | set x to "8 GB"'],
    },
    {
      name: "a fractional storage size",
      schema: size({ min: 20, max: 200 }),
      value: "20.5 GB",
      found: [
        'x: must be a whole number of GB from 20 to 200, got "20.5 GB" | set x to a size from "20 GB" to "200 GB"',
      ],
    },
    {
      name: "a duration in words",
      schema: duration("4h"),
      value: "4 hours",
      found: [
        'x: must be a duration like "30s", "4h" or "30d" (a whole number and one of s, m, h, d, w, y), got "4 hours" | set x to "4h"',
      ],
    },
    {
      name: "a zero interval",
      schema: duration("30s", { positive: true }),
      value: "0s",
      found: ['x: must be longer than zero, got "0s" | set x to e.g. "30s"'],
    },
    {
      name: "a collector written as its flag",
      schema: collectorName(),
      value: "--collector.systemd",
      found: [
        'x: must be a collector name (lower-case letters and underscores), got "--collector.systemd" | set x to "systemd"',
      ],
    },
    {
      name: "a version with a v",
      schema: releaseVersion(),
      value: "v1.9.1",
      found: ['x: must be a release version like "1.9.1", got "v1.9.1" | set x to "1.9.1", without the "v"'],
    },
    {
      name: "a plain http URL",
      schema: httpsUrl(),
      value: "http://mirror.example.com",
      found: [
        'x: must be an https:// URL, got "http://mirror.example.com" | set x to an https:// URL, or mirror the release to S3 and use { kind: "s3", bucket }',
      ],
    },
    {
      name: "a key prefix with a leading slash",
      schema: keyPrefix(),
      value: "/mirror/",
      found: ['x: must not start with "/", got "/mirror/" | set x to "mirror/"'],
    },
    {
      name: "an unreadable time",
      schema: clockTime(),
      value: "9am",
      found: ['x: must be a 24-hour time "HH:MM", got "9am" | set x to e.g. "09:00"'],
    },
    {
      name: "a tag prefix with characters AWS rejects",
      schema: tagPrefix(),
      value: "fleet#watch*:",
      found: [
        'x: may only contain letters, digits, spaces and _ . : / = + - @, got "fleet#watch*:" | remove "#" and "*" from x',
      ],
    },
    {
      name: "an empty tag prefix",
      schema: tagPrefix(),
      value: "",
      found: [
        'x: must be 1 to 64 characters, got "" (0 characters) | set x to a short prefix ending in ":", e.g. "fleetwatch:"',
      ],
    },
    {
      name: "an empty tag key in a selector",
      schema: tagSelector(),
      value: { team: "web", "": "x" },
      found: [
        'x[""]: must be a non-empty tag key, got "" | remove the entry with the empty key, or name the tag',
      ],
    },
    {
      name: "a blank string",
      schema: nonEmpty((at) => `remove ${at}`),
      value: "  ",
      found: ['x: must not be empty, got "  " | remove x'],
    },
  ])("finds $name", ({ schema, value, found }) => {
    expect(problems(schema, value)).toEqual(found);
  });
});
