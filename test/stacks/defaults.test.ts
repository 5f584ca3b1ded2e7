import { describe, expect, it } from "vitest";
import { logRetention } from "../../stacks/defaults";
import { runProgram } from "../infra/harness";

describe("logRetention", () => {
  it.each([
    [1, "1 day"],
    [30, "1 month"],
    [3653, "10 years"],
  ])("names %i days %s", (days, name) => {
    expect(logRetention(days)).toBe(name);
  });

  it("refuses a count CloudWatch does not allow", () => {
    expect(() => logRetention(31)).toThrow("log retention of 31 days is not one CloudWatch allows");
  });
});

describe("applyFunctionDefaults", () => {
  it("gives every Lambda nodejs24.x on arm64 and the configured log retention", async () => {
    const run = await runProgram("dev", async () => {
      const { applyFunctionDefaults } = await import("../../stacks/defaults");
      const { stageConfig } = await import("../../stacks/config");
      applyFunctionDefaults(await stageConfig("dev"));
      new sst.aws.Function("Probe", { handler: "test/fixtures/functions/probe.handler" });
      return {};
    });
    const fn = run.graph.one("aws:lambda/function:Function");
    expect(fn.inputs).toMatchObject({ runtime: "nodejs24.x", architectures: ["arm64"] });
    expect(fn.inputs.loggingConfig).toMatchObject({ logFormat: "JSON" });
    expect(run.graph.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(30);
  });
});
