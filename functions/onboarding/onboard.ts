import { handleStateChanges } from "@fleetwatch/onboarding";
import { Resource } from "sst";
import { batchDeps, queueHandler } from "./context";

/**
 * EC2 "running" events from the launch queue: one batched onboarding pass. Instances not yet Online with SSM
 * (and throttled calls) stay on the queue with a backoff; malformed messages are dead-lettered with a reason.
 */
export const handler = queueHandler(
  handleStateChanges,
  batchDeps(
    Resource.OnboardingQueues.launch,
    Resource.OnboardingQueues.deadLetter,
    Resource.OnboardingReservations.name,
  ),
  "onboarding batch",
);
