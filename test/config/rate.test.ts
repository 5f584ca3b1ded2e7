import { describe, expect, it } from "vitest";
import { isRate, rateProblem } from "../../packages/config/src/rate.js";

describe("rateProblem", () => {
  it.each(["1 minute", "5 minutes", "1 hour", "12 hours", "1 day", "7 days"])("accepts %j", (rate) => {
    expect(rateProblem(rate)).toBeUndefined();
    expect(isRate(rate)).toBe(true);
  });

  it.each([
    ["1 minutes", { kind: "plural", corrected: "1 minute" }],
    ["5 minute", { kind: "plural", corrected: "5 minutes" }],
    ["2 day", { kind: "plural", corrected: "2 days" }],
    ["0 minutes", { kind: "zero" }],
    ["30m", { kind: "format", suggestion: "30 minutes" }],
    ["1h", { kind: "format", suggestion: "1 hour" }],
    ["2 hrs", { kind: "format", suggestion: "2 hours" }],
    ["30s", { kind: "format", suggestion: undefined }],
    ["rate(5 minutes)", { kind: "format", suggestion: undefined }],
    ["1 week", { kind: "format", suggestion: undefined }],
  ])("finds %j wrong: %j", (rate, problem) => {
    expect(rateProblem(rate)).toEqual(problem);
    expect(isRate(rate)).toBe(false);
  });
});
