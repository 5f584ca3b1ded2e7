import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { S3Client } from "@aws-sdk/client-s3";
import { reconcile, type StatusSummary } from "@fleetwatch/onboarding";
import { S3StatusPublisher } from "@fleetwatch/onboarding-aws";
import middy from "@middy/core";
import { Resource } from "sst";
import { logger } from "../shared/observability";
import { onboardingDeps } from "./context";

const deps = onboardingDeps(Resource.OnboardingReservations.name);
const publisher = new S3StatusPublisher(new S3Client({}), Resource.OnboardingStateBucket.name);

/** The digest's onboarding line; a failure to write it is logged and never fails the reconcile. */
async function publish(status: StatusSummary): Promise<void> {
  try {
    await publisher.publish(status);
  } catch (error) {
    logger.error("onboarding status not written to the state bucket", { error: error as Error });
  }
}

/** What started the reconcile: the schedule, or the one-off invocation after a deploy. */
export interface ReconcileEvent {
  trigger?: "schedule" | "deploy";
}

/**
 * Every running instance of every configured region through the onboarding state machine. After a deploy it
 * never fails (a failed deploy would not help; the schedule comes next); on schedule a region that could not be
 * reconciled fails the invocation, so it shows in the function's errors.
 */
export const handler = middy(async (event: ReconcileEvent = {}) => {
  const trigger = event.trigger ?? "schedule";
  try {
    const report = await reconcile(deps);
    await publish(report.status);
    logger.info("reconcile", {
      trigger,
      counts: report.counts,
      failedRegions: report.failedRegions,
      securityGroups: report.securityGroups,
      status: report.status.instancesByStatus,
    });
    if (trigger === "schedule" && report.failedRegions.length > 0)
      throw new Error(
        `reconcile failed in ${report.failedRegions.map((f) => `${f.region} (${f.error})`).join(", ")}`,
      );
    return { trigger, counts: report.counts, failedRegions: report.failedRegions };
  } catch (error) {
    if (trigger === "schedule") throw error;
    logger.error("reconcile after deploy failed; the schedule retries", { error: error as Error });
    return { trigger, error: (error as Error).message };
  }
}).use(injectLambdaContext(logger));
