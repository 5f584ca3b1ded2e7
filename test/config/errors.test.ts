import { describe, expect, it } from "vitest";
import { ConfigError, formatConfigError, formatIssue } from "../../packages/config/src/errors.js";

describe("formatIssue", () => {
  it.each([
    {
      issue: { path: "a.b", message: "must be an integer from 1 to 4, got 0", fix: "set a.b to 2" },
      line: "a.b: must be an integer from 1 to 4, got 0. Fix: set a.b to 2.",
    },
    {
      issue: { path: "a.c", message: 'unknown key "c"; did you mean "b"?', fix: 'rename it to "b"' },
      line: 'a.c: unknown key "c"; did you mean "b"? Fix: rename it to "b".',
    },
    {
      issue: { path: "a", message: "ends with a period.", fix: "is a sentence." },
      line: "a: ends with a period. Fix: is a sentence.",
    },
  ])("writes $line", ({ issue, line }) => {
    expect(formatIssue(issue)).toBe(line);
  });
});

describe("ConfigError", () => {
  const issues = [
    {
      path: "homeRegion",
      message: 'must be an AWS region code, got "mars-1"',
      fix: 'set homeRegion to "us-east-1"',
    },
    {
      path: "logRetentionDays",
      message: "must be a retention CloudWatch Logs accepts, got 45",
      fix: "set it to 30",
    },
  ];

  it("lists every issue under a header naming the stage and the file", () => {
    const error = new ConfigError({ stage: "pr-7", file: "fleetwatch.config.ts" }, issues);
    expect(error.message).toBe(
      [
        'Invalid fleetwatch config for stage "pr-7" (fleetwatch.config.ts):',
        '  - homeRegion: must be an AWS region code, got "mars-1". Fix: set homeRegion to "us-east-1".',
        "  - logRetentionDays: must be a retention CloudWatch Logs accepts, got 45. Fix: set it to 30.",
      ].join("\n"),
    );
    expect(error.message).toBe(formatConfigError({ stage: "pr-7", file: "fleetwatch.config.ts" }, issues));
  });

  it("carries its name, stage, issues and cause", () => {
    const cause = new Error("zod");
    const error = new ConfigError({ stage: "dev", file: "f.ts" }, issues, { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "ConfigError", stage: "dev", issues, cause });
  });
});
