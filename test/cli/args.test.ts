import { parseAuditArgs, UsageError } from "@fleetwatch/cli";
import { describe, expect, it } from "vitest";

const NOW = () => 1_000;

describe("parseAuditArgs", () => {
  it.each([
    [["audit", "--bucket", "s3://b"], { bucket: "s3://b", format: "table", now: 1000 }],
    [
      [
        "audit",
        "--bucket",
        "file:///x",
        "--format",
        "json",
        "--out",
        "o",
        "--now",
        "2026-11-20T12:00:00Z",
        "--config",
        "c.yaml",
      ],
      {
        bucket: "file:///x",
        format: "json",
        out: "o",
        now: Date.parse("2026-11-20T12:00:00Z"),
        config: "c.yaml",
      },
    ],
    [
      ["audit", "--bucket", "s3://b", "--compactor-url", "http://c:10902", "--cache", "f"],
      { bucket: "s3://b", format: "table", now: 1000, compactorUrl: "http://c:10902", cache: "f" },
    ],
  ])("parses %j", (argv, expected) => {
    expect(parseAuditArgs(argv, NOW)).toEqual(expected);
  });

  it.each([
    [[], "missing command"],
    [["inspect"], 'unknown command "inspect"'],
    [["audit"], "--bucket is required"],
    [
      ["audit", "--bucket", "s3://b", "--format", "xml"],
      '--format must be one of table, json, slack, got "xml"',
    ],
    [
      ["audit", "--bucket", "s3://b", "--now", "yesterday"],
      '--now must be an ISO-8601 time, got "yesterday"',
    ],
    [["audit", "--bucket", "s3://b", "--verbose"], "Unknown option '--verbose'"],
  ])("rejects %j with a clear message", (argv, message) => {
    expect(() => parseAuditArgs(argv, NOW)).toThrow(UsageError);
    expect(() => parseAuditArgs(argv, NOW)).toThrow(message);
  });
});
