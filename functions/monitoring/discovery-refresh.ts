import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ConfigStore, S3RefreshStatusStore } from "@fleetwatch/audit-aws";
import {
  findingLevel,
  isRefreshFinding,
  type RefreshOutcome,
  recordRefreshStatus,
  runDiscoveryRefresh,
} from "@fleetwatch/monitoring";
import { organizationsDirectory } from "@fleetwatch/onboarding-aws";
import middy from "@middy/core";
import { Resource } from "sst";
import { logger, metrics } from "../shared/observability";

/** Per Organizations request (3 attempts each); the function's timeout is 2 minutes. */
const ORGANIZATIONS_TIMEOUT_MS = 10_000;

const bucket = Resource.MonitoringDiscoveryRefreshState.name;
const s3 = new S3Client({});
const store = new S3ConfigStore(s3, bucket);
const status = new S3RefreshStatusStore(s3, bucket);
const directory = organizationsDirectory(ORGANIZATIONS_TIMEOUT_MS);

/**
 * Every 10 minutes (Organization mode): follows the units' accounts at run time. Renders the current config
 * version's input again with the units' ACTIVE accounts and, when they changed, writes a new version and moves
 * the pointer last (the Prometheus reloaders pick it up). A finding (no input, Organizations unreachable, a
 * deploy that moved the pointer meanwhile) is logged and returned, never thrown: the next run tries again. Every
 * outcome is recorded in the status record the daily digest reads; a record that cannot be written is logged only.
 */
export const handler = middy(async (): Promise<RefreshOutcome> => {
  const outcome = await runDiscoveryRefresh({ store, accounts: directory, location: `s3://${bucket}/` });
  const finding = isRefreshFinding(outcome);
  metrics.addMetric("DiscoveryRefreshed", MetricUnit.Count, outcome.kind === "refreshed" ? 1 : 0);
  metrics.addMetric("DiscoveryRefreshFindings", MetricUnit.Count, finding ? 1 : 0);
  const problem = finding && findingLevel(outcome) === "problem";
  (problem ? logger.error.bind(logger) : logger.info.bind(logger))("discovery refresh", { outcome });
  const recorded = await recordRefreshStatus(status, outcome, new Date());
  if (!recorded.ok) logger.error("discovery refresh status not recorded", { error: recorded.error });
  return outcome;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
