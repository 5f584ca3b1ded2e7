import type { TaskUsage, Usage } from "./estimate.js";
import type { RetentionDays } from "./storage.js";
import { bucketGb } from "./storage.js";

/** What the plan counts in the resources a stage would create. */
export interface ResourceUsage {
  tasks: TaskUsage[];
  loadBalancers: number;
  natGateways: number;
  natInstances: number;
  publicIpv4Addresses: number;
  /** Memory of each Lambda function, in MB. */
  lambdaMemoryMb: number[];
}

/** What the config says about the data. */
export interface Workload {
  samplesPerSecond: number;
  scrapeIntervalSeconds: number;
  retention: RetentionDays;
  /** Shards of all scrape groups (a group of one shard counts 1): each a separate stream of blocks in the bucket. */
  groups: number;
  /** Prometheus replicas in all, of every shard (each uploads its own level-1 blocks). */
  prometheusReplicas: number;
  /** Thanos Ruler replicas (each uploads its own level-1 blocks of the recorded series too). */
  rulerReplicas: number;
}

/**
 * The usage assumptions that no resource or config states. Each is a round figure for a small fleet
 * (tens to a few hundred instances); see docs/cost.md.
 */
export const ASSUMPTIONS = {
  /** Load balancer capacity units on average: a few people looking at dashboards. */
  loadBalancerLcus: 1,
  /** GB through NAT a month: image pulls on task starts, EC2 API calls, Slack. S3 takes the gateway endpoint. */
  natDataGb: 10,
  /** CloudWatch Logs ingested per task a month. */
  logsGbPerTask: 0.5,
  /** Invocations of each Lambda a month (schedules every 30 minutes, events). */
  lambdaInvocationsPerFunction: 3_000,
  /** Average duration of an invocation, in seconds. */
  lambdaAverageSeconds: 5,
  /** Objects a level-1 block upload writes (chunks, index, meta.json, ...); 12 blocks a day per replica. */
  putsPerBlock: 5,
  /** Bucket syncs an hour (Store Gateway every 3m, compactor every 5m, Bucket Web every 30m). */
  syncsPerHour: 34,
  /** Blocks per group in the bucket in steady state (each sync checks every block's meta.json). */
  blocksPerGroup: 50,
} as const;

const HOURS = 730;
const DAYS = 30;

/** The usage of a month from the resources, the workload and {@link ASSUMPTIONS}. */
export function usageOf(resources: ResourceUsage, workload: Workload): Usage {
  const stored = bucketGb(
    { samplesPerSecond: workload.samplesPerSecond, scrapeIntervalSeconds: workload.scrapeIntervalSeconds },
    workload.retention,
  );
  const blockUploads = (workload.prometheusReplicas + workload.rulerReplicas) * 12 * DAYS;
  const taskCount = resources.tasks.reduce((sum, t) => sum + t.count, 0);
  const lambdaRequests = resources.lambdaMemoryMb.length * ASSUMPTIONS.lambdaInvocationsPerFunction;
  const lambdaGbSeconds = resources.lambdaMemoryMb.reduce(
    (sum, mb) =>
      sum + (mb / 1024) * ASSUMPTIONS.lambdaInvocationsPerFunction * ASSUMPTIONS.lambdaAverageSeconds,
    0,
  );
  return {
    tasks: resources.tasks,
    loadBalancers: resources.loadBalancers,
    loadBalancerLcus: ASSUMPTIONS.loadBalancerLcus,
    natGateways: resources.natGateways,
    natInstances: resources.natInstances,
    natDataGb: resources.natGateways + resources.natInstances > 0 ? ASSUMPTIONS.natDataGb : 0,
    publicIpv4Addresses: resources.publicIpv4Addresses,
    s3StoredGb: stored.raw + stored.fiveMinutes + stored.oneHour,
    // Uploads, and as many again for the compactor's rewrites; one LIST per sync.
    s3PutRequests: blockUploads * ASSUMPTIONS.putsPerBlock * 2 + ASSUMPTIONS.syncsPerHour * HOURS,
    s3GetRequests: ASSUMPTIONS.syncsPerHour * HOURS * ASSUMPTIONS.blocksPerGroup * workload.groups,
    lambdaGbSeconds: Math.round(lambdaGbSeconds),
    lambdaRequests,
    logsIngestGb: taskCount * ASSUMPTIONS.logsGbPerTask,
  };
}
