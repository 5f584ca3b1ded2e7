import type { ResolvedConfig } from "@fleetwatch/config";
import { COMPACTOR_DELAYS, PORTS, REPLICA_LABELS } from "@fleetwatch/monitoring";
import { NOBODY, taskContainers } from "./containers";
import { configRead, thanosReadWrite } from "./iam";
import { THANOS_IMAGE } from "./images";
import { OBJSTORE_FLAG, objstoreEnvironment, THANOS_CONFIG_DIR } from "./objstore";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

export const COMPACT_DATA = "/data/compact";

/**
 * The compactor's flags: retention and downsampling from the config, the delays of {@link COMPACTOR_DELAYS} (which the
 * audit expects too), and vertical deduplication on
 * {@link REPLICA_LABELS} (the HA replicas of a Prometheus group, and of the Ruler, fall into one group each).
 */
export function compactorFlags(config: Pick<ResolvedConfig, "thanos">): string[] {
  const { retention, downsampling } = config.thanos;
  return [
    "compact",
    "--wait",
    "--wait-interval=5m",
    `--data-dir=${COMPACT_DATA}`,
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    `--consistency-delay=${COMPACTOR_DELAYS.consistencyDelay}`,
    `--delete-delay=${COMPACTOR_DELAYS.deleteDelay}`,
    `--retention.resolution-raw=${retention.raw}`,
    `--retention.resolution-5m=${retention.fiveMinutes}`,
    `--retention.resolution-1h=${retention.oneHour}`,
    ...REPLICA_LABELS.map((label) => `--deduplication.replica-label=${label}`),
    "--deduplication.func=penalty",
    "--compact.concurrency=1",
    ...(downsampling ? [] : ["--downsampling.disable"]),
    OBJSTORE_FLAG,
  ];
}

/** The one compactor of the bucket: never two at once (no lock exists in object storage). */
export function createCompactor(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service {
  const { config, thanosBucket, stateBucket } = ctx;
  const { containers, volumes } = taskContainers(
    ctx,
    { paths: [THANOS_CONFIG_DIR], dataPath: COMPACT_DATA },
    [
      {
        name: "thanos-compact",
        image: THANOS_IMAGE,
        command: compactorFlags(config),
        environment: objstoreEnvironment(thanosBucket.name),
        user: NOBODY,
        health: { port: PORTS.thanosHttp, path: "/-/healthy" },
      },
    ],
  );
  return createTaskService(ctx, {
    name: "ThanosCompactor",
    size: config.tasks.compactor,
    containers,
    volumes,
    securityGroup: securityGroups.compactor,
    statements: [...thanosReadWrite(thanosBucket.arn), ...configRead(stateBucket.arn)],
    registryPort: PORTS.thanosHttp,
    singleton: true,
  });
}
