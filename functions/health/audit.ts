import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { runScheduledAudit } from "@fleetwatch/audit";
import { S3ReportStore } from "@fleetwatch/audit-aws";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { logger, metrics } from "../shared/observability";
import { healthContext } from "./context";

const ctx = healthContext();
const reports = new S3ReportStore(ctx.s3, ctx.stateBucket);

/**
 * Every 30 minutes: audit the bucket, the compactor (and in Organization mode the discovery refresh's status
 * record), store the report, post to Slack what it was not told. A
 * read that nears the Lambda's timeout stops, saves its progress and says so; the next run continues.
 */
export const handler = middy(async (_event: unknown, context: Context) => {
  const now = Date.now();
  const [compactor, shards, discovery] = await Promise.all([
    ctx.compactorEvidence(),
    ctx.shardUsage(),
    ctx.discoveryStatus(),
  ]);
  const outcome = await runScheduledAudit({
    ...ctx.auditOptions(now, compactor, shards, discovery),
    deadline: { remainingMs: () => context.getRemainingTimeInMillis() },
    reports,
    delivery: reports,
    ...(ctx.notifier ? { notifier: ctx.notifier } : {}),
  });
  const { summary } = outcome.report;
  for (const severity of ["critical", "warning", "info"] as const) {
    metrics.addMetric(`AuditFindings_${severity}`, MetricUnit.Count, summary.findings[severity]);
  }
  metrics.addMetric(
    "AuditS3Requests",
    MetricUnit.Count,
    outcome.stats.listRequests + outcome.stats.getRequests,
  );
  const failed =
    ["failed", "held"].includes(outcome.slack.status) || outcome.storeError || outcome.stateError;
  const log = failed ? logger.error.bind(logger) : logger.info.bind(logger);
  log("audit stored", {
    status: summary.status,
    storedAt: outcome.storedAt,
    storeError: outcome.storeError,
    slack: outcome.slack,
    stateError: outcome.stateError,
    stats: outcome.stats,
  });
  return { status: summary.status, storedAt: outcome.storedAt, slack: outcome.slack.status };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
