import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defaultConfig } from "@fleetwatch/config";
import { onboardingSettings } from "@fleetwatch/onboarding";
import type { SQSEvent, SQSRecord } from "aws-lambda";

const FIXTURES = resolve(import.meta.dirname, "../../fixtures/events");

/** A fixture event as text. */
export const fixture = (name: string): string => readFileSync(resolve(FIXTURES, name), "utf8");

/** An SQS event whose records carry these bodies (EventBridge -> SQS puts the event JSON in the body). */
export function sqsEvent(bodies: string[], receiveCount = 1): SQSEvent {
  const template = JSON.parse(fixture("sqs-record.json")) as SQSRecord;
  return {
    Records: bodies.map((body, i) => ({
      ...template,
      messageId: `msg-${i}`,
      receiptHandle: `rh-${i}`,
      body,
      attributes: { ...template.attributes, ApproximateReceiveCount: String(receiveCount) },
    })),
  };
}

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
