import { describe, expect, it } from "vitest";
import { StageError } from "../../packages/config/src/errors.js";
import { resolveConfig } from "../../packages/config/src/load.js";
import {
  checkStage,
  MAX_STAGE_LENGTH,
  namedStages,
  stageNameProblem,
} from "../../packages/config/src/stage.js";

const AWS_NAMES = "S3 bucket names, IAM role names, Cloud Map DNS names";
const CONFIG = { stages: { production: {}, staging: {} } };

/** The StageError message `checkStage` throws, or undefined when it accepts the stage. */
function refusal(stage: string, config: unknown = CONFIG): string | undefined {
  try {
    checkStage(stage, config);
    return undefined;
  } catch (error) {
    if (error instanceof StageError) return error.message;
    throw error;
  }
}

describe("MAX_STAGE_LENGTH", () => {
  it("leaves every IAM role its whole fleetwatch-<stage>-<LogicalName>-<8 random> name within 64", () => {
    const longest = `fleetwatch-${"s".repeat(MAX_STAGE_LENGTH)}-ThanosQueryFrontendExecutionRole-abcdefgh`;
    expect(MAX_STAGE_LENGTH).toBe(11);
    expect(longest).toHaveLength(64);
  });
});

describe("namedStages", () => {
  it.each([
    [{}, ["production"]],
    [{ stages: { dev: {} } }, ["dev", "production"]],
    [{ productionStages: ["prod", "live"], stages: { prod: {} } }, ["prod", "live"]],
    ["not an object", ["production"]],
  ])("names in %j: %j", (config, expected) => {
    expect(namedStages(config)).toEqual(expected);
  });
});

describe("stageNameProblem", () => {
  it.each(["dev", "production", "pr-7", "a", "feature-123", "x1-2"])("accepts %j", (stage) => {
    expect(stageNameProblem(stage)).toBeUndefined();
  });

  it.each([
    ["Production", `AWS needs lower-case names (${AWS_NAMES}): use "production"`],
    ["PRODUCTION", `AWS needs lower-case names (${AWS_NAMES}): use "production"`],
    [
      "my stage",
      `AWS needs lower-case letters, digits and hyphens, starting with a letter (${AWS_NAMES}): use "my-stage"`,
    ],
    [
      "pr_12",
      `AWS needs lower-case letters, digits and hyphens, starting with a letter (${AWS_NAMES}): use "pr-12"`,
    ],
    [
      "1st",
      `AWS needs lower-case letters, digits and hyphens, starting with a letter (${AWS_NAMES}): use "st"`,
    ],
    [
      "42",
      `AWS needs lower-case letters, digits and hyphens, starting with a letter (${AWS_NAMES}): use e.g. "dev"`,
    ],
    ["", `AWS needs a stage name (${AWS_NAMES}): use e.g. "dev"`],
    ["dev-", 'a DNS name must not end with a hyphen (Cloud Map: <Service>.<stage>.fleetwatch): use "dev"'],
    [
      "feature-1234",
      'must be at most 11 characters, got 12, so that IAM role names keep it whole (at most 64: fleetwatch-<stage>-ThanosQueryFrontendExecutionRole-<8 random>): use "feature-123"',
    ],
  ])("refuses %j: %s", (stage, problem) => {
    expect(stageNameProblem(stage)).toBe(problem);
  });

  it("suggests the named stage a cleaned-up name is a near miss of", () => {
    expect(stageNameProblem("Prod", ["production"])).toBe(
      `AWS needs lower-case names (${AWS_NAMES}): use "production"`,
    );
  });
});

describe("checkStage", () => {
  it.each([
    ["dev", CONFIG],
    ["production", CONFIG],
    ["staging", CONFIG],
    ["demo", CONFIG],
    ["pr-7", CONFIG],
    ["prod", { productionStages: ["prod"] }],
    ["prod", { stages: { prod: {} } }],
    ["producton", { stages: { producton: {} } }],
    ["live", { productionStages: ["prod", "live"] }],
    ["production", { productionStages: ["prod", "live"] }],
  ])("accepts %j with config %j", (stage, config) => {
    expect(refusal(stage, config)).toBeUndefined();
  });

  it.each([
    ["prod", "production"],
    ["producton", "production"],
    ["prodution", "production"],
    ["productoin", "production"],
    ["stag", "staging"],
    ["stagign", "staging"],
  ])("refuses %j, a near miss of %j, with a did-you-mean", (stage, near) => {
    expect(refusal(stage)).toBe(
      `stage ${JSON.stringify(stage)}: the config names no such stage; did you mean ${JSON.stringify(near)}? ` +
        `Use --stage ${near}, or name ${JSON.stringify(stage)} in fleetwatch.config.ts ` +
        `(stages: { ${stage}: {} }) to deploy it as a stage of its own`,
    );
  });

  it.each([
    ["Production", `stage "Production": AWS needs lower-case names (${AWS_NAMES}): use "production"`],
    ["PRODUCTION", `stage "PRODUCTION": AWS needs lower-case names (${AWS_NAMES}): use "production"`],
    [
      "my stage",
      `stage "my stage": AWS needs lower-case letters, digits and hyphens, starting with a letter (${AWS_NAMES}): use "my-stage"`,
    ],
  ])("refuses %j in one line", (stage, message) => {
    expect(refusal(stage)).toBe(message);
    expect(message).not.toContain("\n");
  });

  it("quotes a stage that is no identifier in the fix", () => {
    expect(refusal("pr-1", { stages: { "pr-12": {} } })).toContain('(stages: { "pr-1": {} })');
  });

  it("refuses a near miss of the default production stage when the config names no stage", () => {
    expect(refusal("prod", {})).toContain('did you mean "production"?');
  });
});

describe("resolveConfig with a bad stage", () => {
  it("throws a StageError before anything else", () => {
    expect(() => resolveConfig({}, "Production")).toThrow(StageError);
    expect(() => resolveConfig({}, "prod")).toThrow('stage "prod": the config names no such stage');
  });
});
