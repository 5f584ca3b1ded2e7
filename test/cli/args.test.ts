import {
  parseAuditArgs,
  parseBlocksArgs,
  parseCommand,
  parseIsoTime,
  parsePlanArgs,
  parseRenderArgs,
  UsageError,
} from "@fleetwatch/cli";
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
      ["audit", "--objstore.config-file", "objstore.yml", "--format", "json"],
      { objstoreConfig: "objstore.yml", format: "json", now: 1000 },
    ],
    [
      ["audit", "--bucket", "s3://b", "--compactor-url", "http://c:10902", "--cache", "f"],
      { bucket: "s3://b", format: "table", now: 1000, compactorUrl: "http://c:10902", cache: "f" },
    ],
  ])("parses %j", (argv, expected) => {
    expect(parseAuditArgs(argv, NOW)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [[], "missing command"],
    [["inspect"], 'unknown command "inspect"'],
    [["audit"], "--bucket is required"],
    [
      ["audit", "--bucket", "s3://b", "--format", "xml"],
      '--format must be one of table, json, slack, got "xml"',
    ],
    [
      ["audit", "--bucket", "s3://b", "--now", "yesterday"],
      '--now must be an ISO-8601 time with a zone like 2026-11-29T10:00:00Z, got "yesterday"',
    ],
    ...["1", "March 7", "2026-11-29", "2026-11-29T10:00:00", "2026-02-30T10:00:00Z", "2026-11-29T24:00Z"].map(
      (now): [string[], string] => [
        ["audit", "--bucket", "s3://b", "--now", now],
        `got ${JSON.stringify(now)}`,
      ],
    ),
    [["audit", "--bucket", "s3://b", "--verbose"], "Unknown option '--verbose'"],
    [
      ["audit", "--bucket", "s3://b", "--objstore.config-file", "o.yml"],
      "--bucket and --objstore.config-file name the bucket twice: give one of them",
    ],
    [["audit", "--objstore.config-file", ""], "--objstore.config-file needs a file"],
  ])("rejects %j with a clear message", (argv, message) => {
    expect(() => parseAuditArgs(argv, NOW)).toThrow(UsageError);
    expect(() => parseAuditArgs(argv, NOW)).toThrow(message);
  });
});

describe("parseBlocksArgs", () => {
  it.each([
    [["--bucket", "s3://b"], { bucket: "s3://b", selector: [], sort: ["FROM", "UNTIL"], format: "table" }],
    [
      [
        "--objstore.config-file=o.yml",
        "--selector",
        '{a="1"}',
        "--selector",
        "b!~'x'",
        "--sort",
        "samples,#CHUNKS",
        "--sort",
        "ulid",
        "--format",
        "csv",
      ],
      {
        objstoreConfig: "o.yml",
        selector: [
          { name: "a", op: "=", value: "1" },
          { name: "b", op: "!~", value: "x" },
        ],
        sort: ["SAMPLES", "CHUNKS", "ULID"],
        format: "csv",
      },
    ],
  ])("parses %j", (argv, expected) => {
    expect(parseBlocksArgs(argv)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [[], "--bucket is required, or --objstore.config-file FILE"],
    [
      ["--bucket", "s3://b", "--selector", '{a="1"'],
      `--selector ${JSON.stringify('{a="1"')}: expected "}" at position 7; e.g. --selector '{`,
    ],
    [["--bucket", "s3://b", "--sort", ""], '--sort: unknown column "": use ULID, FROM'],
    [["--bucket", "s3://b", "--format", "slack"], '--format must be one of table, json, csv, got "slack"'],
  ])("rejects %j with a clear message", (argv, message) => {
    expect(() => parseBlocksArgs(argv)).toThrow(UsageError);
    expect(() => parseBlocksArgs(argv)).toThrow(message);
  });
});

describe("parseIsoTime", () => {
  it.each([
    ["2026-11-29T10:00:00Z", Date.UTC(2026, 10, 29, 10)],
    ["2026-11-29T10:00Z", Date.UTC(2026, 10, 29, 10)],
    ["2026-11-29T11:00:00.250+01:00", Date.UTC(2026, 10, 29, 10, 0, 0, 250)],
    ["2028-02-29T00:00:00-05:30", Date.UTC(2028, 1, 29, 5, 30)],
  ])("takes %s", (text, ms) => {
    expect(parseIsoTime(text)).toBe(ms);
  });
});

describe("parseCommand", () => {
  it.each([
    [["audit", "--bucket", "s3://b"], "audit"],
    [["plan"], "plan"],
    [["render", "--out", "x"], "render"],
  ])("reads the verb of %j", (argv, command) => {
    expect(parseCommand(argv)).toBe(command);
  });

  it.each([
    [[], "missing command"],
    [["deploy"], 'unknown command "deploy"'],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(new UsageError(message));
  });
});

describe("parsePlanArgs", () => {
  it.each([
    [[], { stage: "dev", json: false }],
    [["--stage", "production", "--json"], { stage: "production", json: true }],
    [["--config", "c.ts"], { stage: "dev", json: false, config: "c.ts" }],
  ])("parses %j", (args, expected) => {
    expect(parsePlanArgs(args)).toEqual(expected);
  });

  it.each([
    [["--jsn"], "Unknown option '--jsn'"],
    [["--stage"], "Option '--stage <value>' argument missing"],
    [["production"], "Unexpected argument 'production'"],
    [["--json=yes"], "Option '--json' does not take an argument"],
  ])("rejects %j with one sentence", (args, message) => {
    expect(() => parsePlanArgs(args)).toThrow(new UsageError(message));
  });
});

describe("parseRenderArgs", () => {
  it.each([
    [["--out", "r"], { stage: "dev", out: "r" }],
    [
      ["--stage", "production", "--out", "r", "--config", "c.ts"],
      { stage: "production", out: "r", config: "c.ts" },
    ],
  ])("parses %j", (args, expected) => {
    expect(parseRenderArgs(args)).toEqual(expected);
  });

  it.each([
    [[], "--out DIR is required"],
    [["--out"], "Option '--out <value>' argument missing"],
    [["--out", "r", "--json"], "Unknown option '--json'"],
  ])("rejects %j", (args, message) => {
    expect(() => parseRenderArgs(args)).toThrow(new UsageError(message));
  });
});
