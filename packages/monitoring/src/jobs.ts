import { PORTS, type SharedComponent } from "./topology.js";

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
  /** External label: `a`, `b`, ...; Thanos Query and the compactor deduplicate on it. */
  replica: "prometheus_replica",
  /** External label of the Thanos Ruler's own series and alerts. */
  ruleReplica: "rule_replica",
  /** On the monitoring stack's own targets: the SST component name of the service. */
  service: "service",
} as const;

/** Labels every node target carries (from EC2 discovery). */
export const NODE_TARGET_LABELS = [
  "instance",
  "instance_id",
  "instance_type",
  "availability_zone",
  "region",
  "vpc_id",
] as const;

/** How a shared service is scraped. */
export interface SharedScrape {
  readonly component: SharedComponent;
  readonly job: string;
  readonly port: number;
}

/** The shared services, scraped by the first scrape group's pair. */
export const SHARED_SCRAPES: readonly SharedScrape[] = [
  { component: "ThanosQuery", job: JOBS.query, port: PORTS.thanosHttp },
  { component: "ThanosQueryFrontend", job: JOBS.queryFrontend, port: PORTS.thanosHttp },
  { component: "ThanosStore", job: JOBS.store, port: PORTS.thanosHttp },
  { component: "ThanosCompactor", job: JOBS.compact, port: PORTS.thanosHttp },
  { component: "ThanosRuler", job: JOBS.rule, port: PORTS.thanosHttp },
  { component: "ThanosBucketWeb", job: JOBS.bucketWeb, port: PORTS.thanosHttp },
  { component: "Alertmanager", job: JOBS.alertmanager, port: PORTS.alertmanager },
  { component: "Grafana", job: JOBS.grafana, port: PORTS.grafana },
];
