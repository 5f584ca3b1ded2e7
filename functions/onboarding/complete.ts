import { handleCommandResults } from "@fleetwatch/onboarding";
import { Resource } from "sst";
import { batchDeps, queueHandler } from "./context";

/** SSM command results of fleetwatch's document: tag installed / failed / uninstalled, in batches. */
export const handler = queueHandler(
  handleCommandResults,
  batchDeps(Resource.OnboardingQueues.result, Resource.OnboardingQueues.deadLetter),
  "completion batch",
);
