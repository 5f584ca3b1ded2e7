import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { runDailyDigest } from "@fleetwatch/audit";
import { putJson, S3PictureStore } from "@fleetwatch/audit-aws";
import { digestKey } from "@fleetwatch/state-layout";
import middy from "@middy/core";
import { logger, metrics } from "../shared/observability";
import { healthContext } from "./context";

const ctx = healthContext();
const pictures = new S3PictureStore(ctx.s3, ctx.stateBucket);

/** Daily at the configured local time: the full report in Block Kit with the PNG timeline. */
export const handler = middy(async () => {
  const now = Date.now();
  const [compactor, shards, discovery] = await Promise.all([
    ctx.compactorEvidence(),
    ctx.shardUsage(),
    ctx.discoveryStatus(),
  ]);
  const digest = await runDailyDigest({
    ...ctx.auditOptions(now, compactor, shards, discovery),
    pictures,
    onboarding: ctx.onboardingStatus,
    links: ctx.links,
    ...(ctx.notifier ? { notifier: ctx.notifier } : {}),
  });
  const key = digestKey(new Date(now));
  await putJson(ctx.s3, ctx.stateBucket, key, digest.message);
  const log =
    digest.slack.status === "failed" || digest.pictureError
      ? logger.error.bind(logger)
      : logger.info.bind(logger);
  log("digest done", {
    status: digest.report.summary.status,
    slack: digest.slack,
    pictureError: digest.pictureError,
    key,
  });
  return { status: digest.report.summary.status, slack: digest.slack.status };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
