import { sizeGb } from "@fleetwatch/config";
import { PORTS } from "@fleetwatch/monitoring";
import { NOBODY, taskContainers } from "./containers";
import { configRead, thanosRead } from "./iam";
import { THANOS_IMAGE } from "./images";
import { OBJSTORE_FLAG, objstoreEnvironment, THANOS_CONFIG_DIR } from "./objstore";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

export const STORE_DATA = "/data/store";

/** A quarter of the task's memory for the index cache. */
export function indexCacheSize(memory: string): string {
  return `${Math.floor(((sizeGb(memory) ?? 1) * 1024) / 4)}MB`;
}

/** The Store Gateway: serves the bucket's blocks to Query, caching index headers on its task storage. */
export function createStore(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service {
  const { config, thanosBucket, stateBucket } = ctx;
  const size = config.tasks.storeGateway;
  const { containers, volumes } = taskContainers(ctx, { paths: [THANOS_CONFIG_DIR], dataPath: STORE_DATA }, [
    {
      name: "thanos-store",
      image: THANOS_IMAGE,
      command: [
        "store",
        `--data-dir=${STORE_DATA}`,
        `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
        `--grpc-address=0.0.0.0:${PORTS.thanosGrpc}`,
        `--index-cache-size=${indexCacheSize(size.memory)}`,
        "--sync-block-duration=3m",
        "--ignore-deletion-marks-delay=24h",
        OBJSTORE_FLAG,
      ],
      environment: objstoreEnvironment(thanosBucket.name),
      user: NOBODY,
      health: { port: PORTS.thanosHttp, path: "/-/healthy" },
    },
  ]);
  return createTaskService(ctx, {
    name: "ThanosStore",
    size,
    containers,
    volumes,
    securityGroup: securityGroups.store,
    statements: [...thanosRead(thanosBucket.arn), ...configRead(stateBucket.arn)],
    registryPort: PORTS.thanosGrpc,
    singleton: false,
  });
}
