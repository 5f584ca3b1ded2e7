import { DEFAULT_AUDIT_CONFIG } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { healthEnv } from "../../../functions/health/env";

describe("healthEnv", () => {
  it("fills defaults and parses the serialised audit config over the defaults", () => {
    const env = healthEnv({
      FLEETWATCH_AUDIT_CONFIG: JSON.stringify({ freshness: { warning: "1h" }, deleteDelay: "1d" }),
    });
    expect(env.FLEETWATCH_AUDIT_CONFIG).toEqual({
      ...DEFAULT_AUDIT_CONFIG,
      staleWarningMs: 3_600_000,
      deleteDelayMs: 86_400_000,
    });
    expect(env).toMatchObject({ FLEETWATCH_SLACK_ENABLED: false, FLEETWATCH_COMPACTOR_URL: "" });
  });

  it.each([
    ["true", true],
    ["false", false],
  ])("reads FLEETWATCH_SLACK_ENABLED=%s as %s", (value, enabled) => {
    expect(
      healthEnv({ FLEETWATCH_AUDIT_CONFIG: "{}", FLEETWATCH_SLACK_ENABLED: value }).FLEETWATCH_SLACK_ENABLED,
    ).toBe(enabled);
  });

  it.each([
    [{}, "FLEETWATCH_AUDIT_CONFIG"],
    [{ FLEETWATCH_AUDIT_CONFIG: "{" }, "FLEETWATCH_AUDIT_CONFIG: must be JSON"],
    [
      { FLEETWATCH_AUDIT_CONFIG: '{"staleWarningMs":1}' },
      'FLEETWATCH_AUDIT_CONFIG: Unrecognized key: "staleWarningMs"',
    ],
    [
      { FLEETWATCH_AUDIT_CONFIG: '{"freshness":{"warning":"4 hours"}}' },
      'FLEETWATCH_AUDIT_CONFIG.freshness.warning: must be a duration like "4h"',
    ],
    [{ FLEETWATCH_AUDIT_CONFIG: "{}", FLEETWATCH_SLACK_ENABLED: "yes" }, "FLEETWATCH_SLACK_ENABLED"],
  ])("names the variable that is wrong: %j", (env, message) => {
    expect(() => healthEnv(env)).toThrow(message);
  });
});
