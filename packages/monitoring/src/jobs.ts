import { PORTS, type PrometheusReplica, type SharedComponent } from "./topology.js";

/** Scrape job names: what rules and dashboards select on. */
export const JOBS = {
  node: "node",
  prometheus: "prometheus",
  sidecar: "thanos-sidecar",
  query: "thanos-query",
  queryFrontend: "thanos-query-frontend",
  store: "thanos-store",
  compact: "thanos-compact",
  rule: "thanos-rule",
  bucketWeb: "thanos-bucket-web",
  alertmanager: "alertmanager",
  grafana: "grafana",
} as const;

/** Labels fleetwatch puts on series, beyond Prometheus's `job` and `instance`. */
export const LABELS = {
  /** External label: the scrape group of the Prometheus that scraped it. */
  group: "fleetwatch_group",
  /**
   * External label of a group of several shards: the shard's index, `0`, `1`, ... Each shard is its own stream
   * (and compaction group); Query merges the shards of a group.
   */
  shard: "fleetwatch_shard",
  /** External label: `a`, `b`, ...; Thanos Query and the compactor deduplicate on it. */
  replica: "prometheus_replica",
  /** External label of the Thanos Ruler's series and blocks: `a`, `b`, ...; deduplicated like `replica`. */
  ruleReplica: "rule_replica",
  /**
   * External label of the Thanos Ruler's series and blocks, the same on every replica: what is left once the
   * compactor removed `rule_replica`, so the replicas' blocks share one compaction group, apart from every
   * Prometheus group's (`fleetwatch_group`).
   */
  ruler: "fleetwatch_ruler",
  /** On the monitoring stack's own targets: the SST component name of the service. */
  service: "service",
} as const;

/**
 * The replica labels, in the order Thanos Query and the compactor are given them: the one list the stack's
 * `--query.replica-label` and `--deduplication.replica-label` flags and the audit use. Order matters: a block
 * left without labels gets the first one, `="deduped"`.
 */
export const REPLICA_LABELS = [LABELS.replica, LABELS.ruleReplica] as const;

/**
 * The external labels of a replica: its group, its shard when the group has several (so the shards are distinct
 * streams, never one compaction group), and its replica (removed by Query and the compactor to merge the replicas
 * of a shard).
 */
export function prometheusExternalLabels(replica: PrometheusReplica): Record<string, string> {
  return {
    [LABELS.group]: replica.group,
    ...(replica.shards > 1 ? { [LABELS.shard]: String(replica.shard) } : {}),
    [LABELS.replica]: replica.replica,
  };
}

/**
 * The external labels whose values the stack's layout sets (groups, shards, the Ruler): the audit treats a stream
 * carrying one of them that no replica of the current layout has as retired, not stale.
 */
export const LAYOUT_LABELS = [LABELS.group, LABELS.shard, LABELS.ruler] as const;

/** The account labels of node targets. */
export const ACCOUNT_LABELS = {
  /** Every node target: the 12-digit id of the account the instance runs in (home or member). */
  id: "account_id",
  /** Targets of a named member account only: the member's name (`accounts.members[].name`, or the Organization's). */
  name: "account",
} as const;

/** Labels every node target carries (from EC2 discovery). */
export const NODE_TARGET_LABELS = [
  "instance",
  "instance_id",
  "instance_type",
  "availability_zone",
  "region",
  "vpc_id",
  ACCOUNT_LABELS.id,
] as const;

/** Labels a node target carries besides {@link NODE_TARGET_LABELS} when its account is a named member. */
export const NAMED_ACCOUNT_TARGET_LABELS = [ACCOUNT_LABELS.name] as const;

/** How a shared service is scraped. */
export interface SharedScrape {
  readonly component: SharedComponent;
  readonly job: string;
  readonly port: number;
}

/** How each Ruler replica is scraped (by the first scrape group's pair, one target per replica). */
export const RULER_SCRAPE = { job: JOBS.rule, port: PORTS.thanosHttp } as const;

/** The shared services with one task, scraped by the first scrape group's pair. */
export const SHARED_SCRAPES: readonly SharedScrape[] = [
  { component: "ThanosQuery", job: JOBS.query, port: PORTS.thanosHttp },
  { component: "ThanosQueryFrontend", job: JOBS.queryFrontend, port: PORTS.thanosHttp },
  { component: "ThanosStore", job: JOBS.store, port: PORTS.thanosHttp },
  { component: "ThanosCompactor", job: JOBS.compact, port: PORTS.thanosHttp },
  { component: "ThanosBucketWeb", job: JOBS.bucketWeb, port: PORTS.thanosHttp },
  { component: "Alertmanager", job: JOBS.alertmanager, port: PORTS.alertmanager },
  { component: "Grafana", job: JOBS.grafana, port: PORTS.grafana },
];
