import { address, PORTS, type Topology } from "@fleetwatch/monitoring";
import { NOBODY } from "./containers";
import { THANOS_IMAGE } from "./images";
import type { LoadBalancerAttachment } from "./load-balancer";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

/** Range queries are split by day, so cached days are reused by later queries. */
export const SPLIT_INTERVAL = "24h";

/** An in-memory response cache; `validity: 0s` leaves expiry to the size bound. */
export function inMemoryCache(maxSize: string): string {
  return `type: IN-MEMORY\nconfig:\n  max_size: ${maxSize}\n  validity: 0s\n`;
}

/** Thanos Query Frontend's flags. */
export function queryFrontendFlags(topology: Topology): string[] {
  return [
    "query-frontend",
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    `--query-frontend.downstream-url=http://${address(topology, "ThanosQuery", PORTS.thanosHttp)}`,
    `--query-range.split-interval=${SPLIT_INTERVAL}`,
    `--query-range.response-cache-config=${inMemoryCache("128MB")}`,
    `--labels.split-interval=${SPLIT_INTERVAL}`,
    `--labels.response-cache-config=${inMemoryCache("32MB")}`,
    "--query-frontend.compress-responses",
  ];
}

/** The Query Frontend: Grafana's datasource, behind the load balancer. */
export function createQueryFrontend(
  ctx: MonitoringContext,
  securityGroups: SecurityGroups,
  loadBalancer: LoadBalancerAttachment,
): sst.aws.Service {
  return createTaskService(ctx, {
    name: "ThanosQueryFrontend",
    size: ctx.config.tasks.queryFrontend,
    containers: [
      {
        name: "thanos-query-frontend",
        image: THANOS_IMAGE,
        command: queryFrontendFlags(ctx.topology),
        user: NOBODY,
        health: { port: PORTS.thanosHttp, path: "/-/healthy" },
      },
    ],
    volumes: [],
    securityGroup: securityGroups.queryFrontend,
    statements: [],
    registryPort: PORTS.thanosHttp,
    singleton: false,
    loadBalancer,
  });
}
