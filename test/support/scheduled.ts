import {
  type AuditConfig,
  DEFAULT_AUDIT_CONFIG,
  DEFAULT_BACKOFF,
  type DiscoveryEvidence,
  findingKey,
  type RetryOptions,
  runScheduledAudit,
  type ScheduledAuditOutcome,
  type ShardUsageByService,
  type SlackMessage,
  type SourceResult,
} from "@fleetwatch/audit";
import type { BucketFixture } from "@fleetwatch/devkit/blocks";
import { MemoryAuditCache } from "@fleetwatch/devkit/fakes/audit-cache";
import { MemoryReportStore } from "@fleetwatch/devkit/fakes/report-store";
import { isFakeTransient, MemoryBucket } from "@fleetwatch/devkit/memory-bucket";
import { HEALTHY_METRICS } from "./compactor";

/** The shared retry without waiting. */
export const NO_SLEEP: RetryOptions = {
  ...DEFAULT_BACKOFF,
  retryable: isFakeTransient,
  sleep: async () => {},
};

/** A Slack webhook that fails its next `failures` posts (each one after the client's own retries). */
export class FakeSlack {
  readonly posted: SlackMessage[] = [];
  attempts = 0;
  failures = 0;
  async post(message: SlackMessage): Promise<void> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error("post to Slack webhook: HTTP 500 after 4 attempts");
    }
    this.posted.push(message);
  }
}

/** How long one GET of the bucket takes on a run's clock, for runs given `timeLeftMs`. */
export const GET_MS = 1_000;

/** Options of one scheduled run: faults of the bucket and the compactor, and the time the run has left. */
export interface RunFaults {
  throttleBucket?: boolean;
  metricsDown?: boolean;
  /** What Thanos answers of the Prometheus replicas; absent: not asked. */
  shards?: SourceResult<ShardUsageByService>;
  /** The discovery refresh's state as read; absent: members mode. */
  discovery?: DiscoveryEvidence;
  /** The run's remaining time at its start (the Lambda's); each GET takes {@link GET_MS}. @default no limit */
  timeLeftMs?: number;
  /** The audit config of this run (a deploy between runs changes it). @default DEFAULT_AUDIT_CONFIG */
  config?: AuditConfig;
}

/**
 * Scheduled runs over one bucket fixture, one state store, one audit cache and one Slack. `announced` counts,
 * per finding key, how often a successful post raised it, `resolvedPosts` how often one resolved it.
 */
export function scheduledRuns(fixture: BucketFixture, config: Partial<AuditConfig> = {}) {
  const store = new MemoryReportStore();
  const cache = new MemoryAuditCache();
  const slack = new FakeSlack();
  const announced = new Map<string, number>();
  const resolvedPosts = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const run = async (now: number, options: RunFaults = {}): Promise<ScheduledAuditOutcome> => {
    const bucket = new MemoryBucket(
      fixture.objects,
      fixture.bodies,
      options.throttleBucket ? { throttleEvery: 1 } : {},
    );
    const { timeLeftMs } = options;
    const outcome = await runScheduledAudit({
      bucket: "s3://t",
      lister: bucket,
      reader: bucket,
      cache,
      ...(timeLeftMs === undefined
        ? {}
        : { deadline: { remainingMs: () => timeLeftMs - bucket.requests.get * GET_MS } }),
      config: options.config ?? { ...DEFAULT_AUDIT_CONFIG, ...config },
      now,
      ...(options.shards ? { shards: options.shards } : {}),
      ...(options.discovery ? { discovery: options.discovery } : {}),
      reports: store,
      delivery: store,
      notifier: slack,
      retry: NO_SLEEP,
      compactor: {
        metrics: options.metricsDown
          ? { ok: false, error: "GET http://compactor:10902/metrics: ECONNREFUSED" }
          : { ok: true, value: HEALTHY_METRICS },
      },
    });
    if (outcome.slack.status === "posted") {
      for (const f of outcome.change.raised) count(announced, findingKey(f));
      for (const f of outcome.change.resolved) count(resolvedPosts, findingKey(f));
    }
    return outcome;
  };
  return { store, cache, slack, run, announced, resolvedPosts };
}
