import { describe, expect, it } from "vitest";
import { durationMs, isDuration, suggestDuration } from "../../packages/config/src/duration.js";
import { InvalidDurationError } from "../../packages/config/src/errors.js";
import type { Duration } from "../../packages/config/src/types.js";

describe("durationMs", () => {
  it.each<[Duration, number]>([
    ["0d", 0],
    ["30s", 30_000],
    ["5m", 300_000],
    ["40h", 144_000_000],
    ["10d", 864_000_000],
    ["2w", 1_209_600_000],
    ["1y", 31_536_000_000],
  ])("reads %s as %i ms", (duration, ms) => {
    expect(durationMs(duration)).toBe(ms);
  });

  it("throws an InvalidDurationError for a string that is no duration", () => {
    expect(() => durationMs("1.5h" as Duration)).toThrow(new InvalidDurationError("1.5h").message);
    expect(() => durationMs("-1d" as Duration)).toThrow(InvalidDurationError);
  });
});

describe("isDuration", () => {
  it.each([
    ["30s", true],
    ["0d", true],
    ["4h", true],
    ["4 h", false],
    ["4H", false],
    ["1.5h", false],
    ["h", false],
    ["30", false],
    ["1mo", false],
  ])("%j: %s", (text, expected) => {
    expect(isDuration(text)).toBe(expected);
  });
});

describe("suggestDuration", () => {
  it.each([
    ["4 hours", "4h"],
    ["30 seconds", "30s"],
    ["5min", "5m"],
    ["2 Weeks", "2w"],
    ["1 year", "1y"],
    ["four hours", undefined],
    ["3 months", undefined],
  ])("suggests %j for %j", (text, expected) => {
    expect(suggestDuration(text)).toBe(expected);
  });
});
