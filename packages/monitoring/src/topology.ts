import type { ResolvedConfig } from "@fleetwatch/config";

// The naming contract with the Fargate stack: the SST component name of every service, the Cloud Map DNS name
// sst.aws.Service registers for it (`<component>.<stage>.<app>.<namespace>`), replica labels and ports.

/** Where the services of a stage are registered in Cloud Map. */
export interface Topology {
  /** The SST app name (`$app.name`), `"fleetwatch"`. */
  readonly app: string;
  /** The SST stage (`$app.stage`). */
  readonly stage: string;
  /** The Cloud Map private DNS namespace of the cluster's VPC: `"sst"` for a VPC made by `sst.aws.Vpc`. */
  readonly namespace: string;
  /**
   * The URL people open Grafana at, used in Slack messages.
   * @default `http://<Grafana DNS name>:3000`
   */
  readonly grafanaUrl?: string;
}

/** Ports every service listens on. */
export const PORTS = {
  prometheus: 9090,
  thanosGrpc: 10901,
  thanosHttp: 10902,
  alertmanager: 9093,
  /** Alertmanager's gossip (TCP and UDP) between its replicas. */
  alertmanagerCluster: 9094,
  grafana: 3000,
} as const;

/** SST component names of the services shared by all scrape groups (the Ruler's replicas: {@link rulerReplicas}). */
export const SHARED_COMPONENTS = [
  "ThanosQuery",
  "ThanosQueryFrontend",
  "ThanosStore",
  "ThanosCompactor",
  "ThanosBucketWeb",
  "Alertmanager",
  "Grafana",
] as const;

/** The SST component name of a shared service. */
export type SharedComponent = (typeof SHARED_COMPONENTS)[number];

/** One Prometheus + Thanos sidecar service: a replica of one shard of a scrape group. */
export interface PrometheusReplica {
  /** The scrape group's name, e.g. `"default"`. */
  readonly group: string;
  /** 0-based shard index: the shard scrapes the instances whose `hashmod` of the instance id is this. */
  readonly shard: number;
  /** The group's number of shards (`scrapeGroups[].shards`). */
  readonly shards: number;
  /** 0-based replica index within the shard. */
  readonly index: number;
  /** The `prometheus_replica` external label: `"a"`, `"b"`, ... */
  readonly replica: string;
  /**
   * The SST component name: `Prometheus<Group><Replica>` (`PrometheusDefaultA`), or with several shards
   * `Prometheus<Group>S<shard><Replica>` (`PrometheusDefaultS1A`).
   */
  readonly component: string;
  /** Directory of its config in the rendered tree: `prometheus/<group>-<replica>` or `prometheus/<group>-s<shard>-<replica>`. */
  readonly dir: string;
}

/** `my-group-2` -> `MyGroup2`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** The `prometheus_replica` value of replica `index`: `"a"`, `"b"`, ... */
export function replicaLabel(index: number): string {
  return String.fromCharCode("a".charCodeAt(0) + index);
}

/**
 * The replicas of one scrape group, shard by shard: `shards x replicas` services. A group of one shard keeps the
 * names it had before shards existed.
 */
export function groupReplicas(group: {
  name: string;
  replicas: number;
  shards: number;
}): PrometheusReplica[] {
  return Array.from({ length: group.shards }, (_, shard) =>
    Array.from({ length: group.replicas }, (_, index): PrometheusReplica => {
      const replica = replicaLabel(index);
      const sharded = group.shards > 1;
      return {
        group: group.name,
        shard,
        shards: group.shards,
        index,
        replica,
        component: `Prometheus${pascalCase(group.name)}${sharded ? `S${shard}` : ""}${replica.toUpperCase()}`,
        dir: `prometheus/${group.name}-${sharded ? `s${shard}-` : ""}${replica}`,
      };
    }),
  ).flat();
}

/** Every Prometheus replica of the config, group by group, shard by shard (`assertRenderable` keeps their names apart). */
export function prometheusReplicas(config: Pick<ResolvedConfig, "scrapeGroups">): PrometheusReplica[] {
  return config.scrapeGroups.flatMap((group) => groupReplicas(group));
}

/** One Thanos Ruler service: a replica evaluating the global rules. */
export interface RulerReplica {
  /** 0-based replica index. */
  readonly index: number;
  /** The `rule_replica` external label: `"a"`, `"b"`, ... */
  readonly replica: string;
  /** The SST component name: `ThanosRuler<Replica>`, e.g. `ThanosRulerA`. */
  readonly component: string;
}

/** The Ruler's replicas (`ruler.replicas`), each its own service. */
export function rulerReplicas(config: Pick<ResolvedConfig, "ruler">): RulerReplica[] {
  return Array.from({ length: config.ruler.replicas }, (_, index) => {
    const replica = replicaLabel(index);
    return { index, replica, component: `ThanosRuler${replica.toUpperCase()}` };
  });
}

/** The Cloud Map DNS name of a service: `<component>.<stage>.<app>.<namespace>`. */
export function dnsName(topology: Topology, component: string): string {
  return `${component}.${topology.stage}.${topology.app}.${topology.namespace}`;
}

/** `host:port` of a service. */
export function address(topology: Topology, component: string, port: number): string {
  return `${dnsName(topology, component)}:${port}`;
}

/** The URL people open Grafana at. */
export function grafanaUrl(topology: Topology): string {
  return topology.grafanaUrl ?? `http://${address(topology, "Grafana", PORTS.grafana)}`;
}

/**
 * The topology the stack creates for `config`: app `fleetwatch`; SST's VPC namespace `sst`, or, with
 * `network.existing`, the namespace stacks/network.ts creates (`<stage>.fleetwatch.local`).
 */
export function stackTopology(config: ResolvedConfig, app = "fleetwatch"): Topology {
  const namespace = config.network.existing ? `${config.stage}.${app}.local` : "sst";
  return { app, stage: config.stage, namespace };
}

/** The scrape group whose Prometheus pair also scrapes and alerts on the shared services: the first one. */
export function stackGroup(config: ResolvedConfig): string {
  const first = config.scrapeGroups[0];
  if (!first) throw new RangeError("a resolved config has at least one scrape group");
  return first.name;
}
