import { ECSClient } from "@aws-sdk/client-ecs";
import {
  type AuditOptions,
  type CompactorEvidence,
  type DigestOnboarding,
  type DiscoveryEvidence,
  mergeOnboarding,
  type ShardUsageByService,
  type SourceResult,
} from "@fleetwatch/audit";
import {
  AWS_RETRY,
  readCompactorMetrics,
  readEcsService,
  readOnboardingStatus,
  readShardUsage,
  readTargetHealth,
  S3AuditCache,
  S3Bucket,
  S3RefreshStatusStore,
  SlackWebhook,
  s3ClientFromEnv,
} from "@fleetwatch/audit-aws";
import { JOBS } from "@fleetwatch/monitoring";
import {
  DISCOVERY_REFRESH_PERIOD_MINUTES,
  DISCOVERY_REFRESH_STALE_PERIODS,
  DISCOVERY_REFRESH_STATUS_KEY,
  ONBOARDING_STATUS_KEY,
} from "@fleetwatch/state-layout";
import { Resource } from "sst";
import { type HealthEnv, healthEnv } from "./env";

/** What both health Lambdas build once per container: clients, ports and settings. */
export function healthContext(env: HealthEnv = healthEnv()) {
  const s3 = s3ClientFromEnv();
  const ecs = new ECSClient({});
  const thanos = new S3Bucket(s3, Resource.ThanosBucketReadOnly.name);
  const stateBucket = Resource.HealthStateBucket.name;
  const refreshStatus = new S3RefreshStatusStore(s3, stateBucket);
  const notifier = env.FLEETWATCH_SLACK_ENABLED
    ? new SlackWebhook(Resource.SlackWebhookUrl.value)
    : undefined;

  /** ECS and /metrics, read in parallel; each one that is not configured is left out. */
  async function compactorEvidence(): Promise<CompactorEvidence> {
    const {
      FLEETWATCH_COMPACTOR_CLUSTER: cluster,
      FLEETWATCH_COMPACTOR_SERVICE: service,
      FLEETWATCH_COMPACTOR_URL: url,
    } = env;
    const [ecsState, metrics] = await Promise.all([
      cluster && service ? readEcsService(ecs, cluster, service) : undefined,
      url ? readCompactorMetrics(url) : undefined,
    ]);
    return { ...(ecsState ? { ecs: ecsState } : {}), ...(metrics ? { metrics } : {}) };
  }

  /**
   * The reconcile's status file and Thanos's node targets; either one may be missing. A file that is not valid or
   * not readable is "unknown" with its reason in the digest.
   */
  async function onboardingStatus(): Promise<DigestOnboarding | undefined> {
    const [file, targets] = await Promise.all([
      readOnboardingStatus(s3, stateBucket).catch((error: unknown) => ({
        ok: false as const,
        error: `${ONBOARDING_STATUS_KEY} not readable: ${(error as Error).message}`,
      })),
      env.FLEETWATCH_QUERY_URL ? readTargetHealth(env.FLEETWATCH_QUERY_URL, JOBS.node) : undefined,
    ]);
    return mergeOnboarding(file, targets);
  }

  /**
   * The discovery refresh's status record, in Organization mode only (undefined otherwise: no digest line). A
   * record that is missing, not valid or not readable is "unknown" with its reason.
   */
  async function discoveryStatus(): Promise<DiscoveryEvidence | undefined> {
    if (!env.FLEETWATCH_DISCOVERY_REFRESH) return undefined;
    const periodMs = DISCOVERY_REFRESH_PERIOD_MINUTES * 60_000;
    let read: Awaited<ReturnType<S3RefreshStatusStore["read"]>>;
    try {
      read = await refreshStatus.read();
    } catch (error) {
      return {
        kind: "unknown",
        why: `${DISCOVERY_REFRESH_STATUS_KEY} not readable: ${(error as Error).message}`,
      };
    }
    if (!read)
      return {
        kind: "unknown",
        why: `no ${DISCOVERY_REFRESH_STATUS_KEY}: the discovery refresh has never recorded a run; check MonitoringDiscoveryRefresh`,
      };
    if (!read.ok) return { kind: "unknown", why: read.error };
    return {
      kind: "status",
      status: read.value,
      periodMs,
      staleAfterMs: DISCOVERY_REFRESH_STALE_PERIODS * periodMs,
    };
  }

  /**
   * The watched Prometheus replicas' head series and memory, asked of the Query Frontend; undefined (not asked)
   * without a Query URL or without replicas to watch.
   */
  async function shardUsage(): Promise<SourceResult<ShardUsageByService> | undefined> {
    if (!env.FLEETWATCH_QUERY_URL || env.FLEETWATCH_AUDIT_CONFIG.prometheus.length === 0) return undefined;
    return readShardUsage(env.FLEETWATCH_QUERY_URL, JOBS.prometheus);
  }

  function auditOptions(
    now: number,
    compactor: CompactorEvidence,
    shards?: SourceResult<ShardUsageByService>,
    discovery?: DiscoveryEvidence,
  ): AuditOptions {
    return {
      bucket: `s3://${Resource.ThanosBucketReadOnly.name}`,
      lister: thanos,
      reader: thanos,
      cache: new S3AuditCache(s3, stateBucket),
      config: env.FLEETWATCH_AUDIT_CONFIG,
      now,
      retry: AWS_RETRY,
      compactor,
      ...(shards ? { shards } : {}),
      ...(discovery ? { discovery } : {}),
    };
  }

  const links = {
    ...(env.FLEETWATCH_GRAFANA_URL ? { grafana: env.FLEETWATCH_GRAFANA_URL } : {}),
    ...(env.FLEETWATCH_BUCKET_WEB_URL ? { bucketWeb: env.FLEETWATCH_BUCKET_WEB_URL } : {}),
  };
  return {
    s3,
    stateBucket,
    notifier,
    compactorEvidence,
    shardUsage,
    onboardingStatus,
    discoveryStatus,
    auditOptions,
    links,
  };
}
