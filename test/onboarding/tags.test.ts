import { ONBOARDING_STATUSES, onboardingStatusOf } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

describe("onboardingStatusOf", () => {
  it.each(ONBOARDING_STATUSES)("reads the tag value %s as the status", (status) => {
    expect(onboardingStatusOf(status)).toBe(status);
  });

  it.each([undefined, "", "Installed", "pending"])("returns undefined for %j", (value) => {
    expect(onboardingStatusOf(value)).toBeUndefined();
  });
});
