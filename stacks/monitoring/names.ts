import type { ResolvedConfig } from "@fleetwatch/config";

// The names and ports every monitoring component is known by. @fleetwatch/monitoring (the renderer) and this stack
// must agree on them: the renderer writes them into scrape configs and datasources, the stack creates the Cloud Map
// services behind them. At merge this module gives way to @fleetwatch/monitoring's topology module.

/** Where the app runs: SST registers every service as `<Component>.<stage>.<app>.<namespace>` in Cloud Map. */
export interface Topology {
  app: string;
  stage: string;
  /** The Cloud Map private DNS namespace of the cluster's VPC (`sst` for SST's own Vpc). */
  namespace: string;
}

/** Ports of the components (node_exporter's comes from `config.nodeExporter.port`). */
export const PORTS = {
  prometheus: 9090,
  thanosGrpc: 10901,
  thanosHttp: 10902,
  alertmanager: 9093,
  grafana: 3000,
} as const;

/** The singleton components, by their SST component name. */
export const SINGLETONS = [
  "ThanosQuery",
  "ThanosQueryFrontend",
  "ThanosStore",
  "ThanosCompactor",
  "ThanosRuler",
  "ThanosBucketWeb",
  "Alertmanager",
  "Grafana",
] as const;

export type Singleton = (typeof SINGLETONS)[number];

/** Replica label of the Prometheus HA pairs (Query dedups on it, the compactor merges on it). */
export const PROMETHEUS_REPLICA_LABEL = "prometheus_replica";
/** Replica label of the Thanos Ruler. */
export const RULE_REPLICA_LABEL = "rule_replica";
/** External label naming a Prometheus's scrape group. */
export const GROUP_LABEL = "fleetwatch_group";

/** `a`, `b`, `c`, ... for replica 0, 1, 2, ... */
export function replicaLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 25)
    throw new RangeError(`no replica letter for ${index}`);
  return String.fromCharCode(97 + index);
}

/** `payments-eu` -> `PaymentsEu`: group names are lower-case letters, digits and dashes. */
export function pascalCase(name: string): string {
  return name
    .split("-")
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** One Prometheus + sidecar replica of a scrape group. */
export interface PrometheusReplica {
  group: string;
  index: number;
  /** SST component name, e.g. `PrometheusDefaultA`. */
  component: string;
  /** Value of the `prometheus_replica` external label, e.g. `default-a`. */
  replica: string;
}

/** The value of `prometheus_replica` for a group's replica, e.g. `default-a`. */
export function prometheusReplicaLabel(group: string, index: number): string {
  return `${group}-${replicaLetter(index)}`;
}

/** Every Prometheus replica of the config, group by group, replica `a` first. */
export function prometheusReplicas(config: Pick<ResolvedConfig, "scrapeGroups">): PrometheusReplica[] {
  return config.scrapeGroups.flatMap((group) =>
    Array.from({ length: group.replicas }, (_, index) => ({
      group: group.name,
      index,
      component: `Prometheus${pascalCase(group.name)}${replicaLetter(index).toUpperCase()}`,
      replica: prometheusReplicaLabel(group.name, index),
    })),
  );
}

/** The Cloud Map DNS name of a component, e.g. `ThanosQuery.dev.fleetwatch.sst`. */
export function dnsName(topology: Topology, component: string): string {
  return `${component}.${topology.stage}.${topology.app}.${topology.namespace}`;
}

/**
 * The Cloud Map namespace the network stack gives the cluster: SST's Vpc names it `sst`; in an existing VPC
 * fleetwatch creates `<stage>.<app>.local`.
 */
export function cloudMapNamespace(
  config: Pick<ResolvedConfig, "network">,
  stage: string,
  app: string,
): string {
  return config.network.existing ? `${stage}.${app}.local` : "sst";
}

/** The topology of a stage. */
export function topologyOf(config: Pick<ResolvedConfig, "network">, stage: string, app: string): Topology {
  return { app, stage, namespace: cloudMapNamespace(config, stage, app) };
}

/** Where rendered files land in every task: `<CONFIG_ROOT>/<relative path>`. */
export const CONFIG_ROOT = "/etc/fleetwatch";
/** Rule files the Thanos Ruler evaluates (global rules, across groups), relative to the rendered files. */
export const RULER_RULES_DIR = "rules/global";
/** Where the Slack webhook URL is written for Alertmanager's `slack_api_url_file`. */
export const SLACK_WEBHOOK_FILE = `${CONFIG_ROOT}/secrets/slack_webhook_url`;
