import type { ResolvedConfig } from "@fleetwatch/config";
import { NOBODY } from "./containers";
import { THANOS_IMAGE } from "./images";
import {
  dnsName,
  PORTS,
  PROMETHEUS_REPLICA_LABEL,
  prometheusReplicas,
  RULE_REPLICA_LABEL,
  type Topology,
} from "./names";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

/** The StoreAPI endpoints Query reads: every sidecar, the Store Gateway and the Ruler, by Cloud Map name. */
export function queryEndpoints(config: Pick<ResolvedConfig, "scrapeGroups">, topology: Topology): string[] {
  const components = [...prometheusReplicas(config).map((r) => r.component), "ThanosStore", "ThanosRuler"];
  return components.map((component) => `dns+${dnsName(topology, component)}:${PORTS.thanosGrpc}`);
}

/** The `--endpoint.sd-config` YAML. */
export function endpointSdConfig(addresses: string[]): string {
  return `endpoints:\n${addresses.map((address) => `  - address: "${address}"\n`).join("")}`;
}

/** Thanos Query's flags. */
export function queryFlags(config: Pick<ResolvedConfig, "scrapeGroups">, topology: Topology): string[] {
  return [
    "query",
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    `--grpc-address=0.0.0.0:${PORTS.thanosGrpc}`,
    `--query.replica-label=${PROMETHEUS_REPLICA_LABEL}`,
    `--query.replica-label=${RULE_REPLICA_LABEL}`,
    "--query.auto-downsampling",
    `--endpoint.sd-config=${endpointSdConfig(queryEndpoints(config, topology))}`,
  ];
}

/** Thanos Query: stateless, rolling updates. No bucket access at all (it reads through StoreAPIs). */
export function createQuery(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service {
  return createTaskService(ctx, {
    name: "ThanosQuery",
    size: ctx.config.tasks.query,
    containers: [
      {
        name: "thanos-query",
        image: THANOS_IMAGE,
        command: queryFlags(ctx.config, ctx.topology),
        user: NOBODY,
        health: { port: PORTS.thanosHttp, path: "/-/healthy" },
      },
    ],
    volumes: [],
    securityGroup: securityGroups.query,
    statements: [],
    registryPort: PORTS.thanosHttp,
    singleton: false,
  });
}
