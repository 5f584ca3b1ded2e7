import { defaultConfig } from "@fleetwatch/config";
import { onboardingSettings } from "@fleetwatch/onboarding";

export const SETTINGS = onboardingSettings(defaultConfig("dev"), "fleetwatch-dev-NodeExporter");

/** The linked resources the onboarding handlers read, as `sst deploy` would set them. */
export function linkResources(): void {
  process.env.SST_RESOURCE_OnboardingSettings = JSON.stringify({ ...SETTINGS, type: "sst.sst.Linkable" });
  const url = (name: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${name}`;
  process.env.SST_RESOURCE_OnboardingQueues = JSON.stringify({
    type: "sst.sst.Linkable",
    launch: url("OnboardingLaunchQueue"),
    result: url("OnboardingResultQueue"),
    deadLetter: url("OnboardingDeadLetterQueue"),
  });
  process.env.SST_RESOURCE_OnboardingReservations = JSON.stringify({
    type: "sst.sst.Linkable",
    name: "fleetwatch-state",
  });
  process.env.SST_RESOURCE_OnboardingReconcileQueues = JSON.stringify({
    type: "sst.sst.Linkable",
    work: url("OnboardingReconcileQueue"),
    deadLetter: url("OnboardingReconcileDeadLetterQueue"),
  });
  process.env.SST_RESOURCE_OnboardingStateBucket = JSON.stringify({
    type: "sst.sst.Linkable",
    name: "fleetwatch-state",
  });
}
