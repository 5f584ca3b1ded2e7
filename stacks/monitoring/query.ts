import { FILES, PORTS, REPLICA_LABELS } from "@fleetwatch/monitoring";
import { versionOf } from "./config-delivery";
import { NOBODY, taskContainers } from "./containers";
import { configRead } from "./iam";
import { THANOS_IMAGE } from "./images";
import { configPath } from "./names";
import { THANOS_CONFIG_DIR } from "./objstore";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

/**
 * Thanos Query's flags: its StoreAPI endpoints (every sidecar, the Store Gateway, every Ruler) are rendered;
 * it deduplicates on {@link REPLICA_LABELS}, the compactor's list.
 */
export function queryFlags(): string[] {
  return [
    "query",
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    `--grpc-address=0.0.0.0:${PORTS.thanosGrpc}`,
    ...REPLICA_LABELS.map((label) => `--query.replica-label=${label}`),
    "--query.auto-downsampling",
    `--endpoint.sd-config-file=${configPath(FILES.queryEndpoints)}`,
  ];
}

/**
 * Thanos Query: stateless, rolling updates. No bucket access (it reads through StoreAPIs); it reads only its
 * rendered endpoints. A new endpoint list (a scrape group added) replaces its task, a rolling update.
 */
export function createQuery(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service {
  const { containers, volumes } = taskContainers(ctx, { paths: [THANOS_CONFIG_DIR] }, [
    {
      name: "thanos-query",
      image: THANOS_IMAGE,
      command: queryFlags(),
      environment: {
        FLEETWATCH_QUERY_FILES: ctx.delivery.files.apply((files) => versionOf(files, [THANOS_CONFIG_DIR])),
      },
      user: NOBODY,
      health: { port: PORTS.thanosHttp, path: "/-/healthy" },
    },
  ]);
  return createTaskService(ctx, {
    name: "ThanosQuery",
    size: ctx.config.tasks.query,
    containers,
    volumes,
    securityGroup: securityGroups.query,
    statements: configRead(ctx.stateBucket.arn),
    registryPort: PORTS.thanosHttp,
    singleton: false,
  });
}
