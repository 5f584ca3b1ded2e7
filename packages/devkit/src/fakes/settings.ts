import { resolveConfig } from "@fleetwatch/config";
import { onboardingSettings } from "@fleetwatch/onboarding";

/** A fleet of two regions (us-east-1 home, eu-west-1) and two groups: `web` (tag role=web) before `default`. */
export const TWO_REGIONS_TWO_GROUPS = onboardingSettings(
  resolveConfig(
    {
      regions: ["eu-west-1"],
      scrapeGroups: [{ name: "web", selector: { tags: { role: "web" } } }, { name: "default" }],
    },
    "dev",
  ),
  "fleetwatch-dev-NodeExporter",
);

export const MIN = 60_000;
