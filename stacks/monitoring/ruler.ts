import {
  FILES,
  LABELS,
  PORTS,
  type RulerReplica,
  rulerExternalLabels,
  rulerReplicas,
} from "@fleetwatch/monitoring";
import { NOBODY, taskContainers } from "./containers";
import { configRead, thanosReadWrite } from "./iam";
import { THANOS_IMAGE } from "./images";
import { configPath } from "./names";
import { OBJSTORE_FLAG, objstoreEnvironment, THANOS_CONFIG_DIR } from "./objstore";
import { RULES_DIR } from "./prometheus";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

export const RULER_DATA = "/data/ruler";

/**
 * The flags of one Ruler replica: the global rules, and where it sends alerts and queries, all rendered files
 * (every replica reads the same `ruler-alertmanagers.yml`). Its external labels
 * ({@link rulerExternalLabels}) are dropped from the alerts it sends, as Prometheus drops
 * `prometheus_replica`: the replicas' alerts are then identical and Alertmanager deduplicates them.
 */
export function rulerFlags(replica: Pick<RulerReplica, "replica">): string[] {
  const labels = rulerExternalLabels(replica);
  return [
    "rule",
    `--data-dir=${RULER_DATA}`,
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    `--grpc-address=0.0.0.0:${PORTS.thanosGrpc}`,
    `--rule-file=${configPath(FILES.rules("global.yml"))}`,
    ...Object.entries(labels).map(([name, value]) => `--label=${name}="${value}"`),
    `--alert.label-drop=${LABELS.ruleReplica}`,
    `--alert.label-drop=${LABELS.ruler}`,
    `--alertmanagers.config-file=${configPath(FILES.rulerAlertmanagers)}`,
    `--query.config-file=${configPath(FILES.rulerQuery)}`,
    "--eval-interval=1m",
    "--tsdb.retention=2d",
    OBJSTORE_FLAG,
  ];
}

/**
 * One Ruler replica: its own service, uploading its blocks like a sidecar. A singleton (stop before start: two
 * tasks with the same external labels would upload overlapping blocks of one stream).
 */
function createRulerReplica(
  ctx: MonitoringContext,
  replica: RulerReplica,
  securityGroups: SecurityGroups,
  previous: sst.aws.Service | undefined,
): sst.aws.Service {
  const { config, thanosBucket, stateBucket } = ctx;
  const { containers, volumes } = taskContainers(
    ctx,
    {
      paths: [RULES_DIR, THANOS_CONFIG_DIR],
      dataPath: RULER_DATA,
      reloadUrl: `http://127.0.0.1:${PORTS.thanosHttp}/-/reload`,
    },
    [
      {
        name: "thanos-rule",
        image: THANOS_IMAGE,
        command: rulerFlags(replica),
        environment: objstoreEnvironment(thanosBucket.name),
        user: NOBODY,
        health: { port: PORTS.thanosHttp, path: "/-/healthy" },
      },
    ],
  );
  return createTaskService(ctx, {
    name: replica.component,
    size: config.tasks.ruler,
    containers,
    volumes,
    securityGroup: securityGroups.ruler,
    statements: [...thanosReadWrite(thanosBucket.arn), ...configRead(stateBucket.arn)],
    registryPort: PORTS.thanosGrpc,
    singleton: true,
    ...(previous ? { after: previous } : {}),
  });
}

/**
 * The Rulers: `ruler.replicas` services (`ThanosRulerA`, `ThanosRulerB`, ...) evaluating the global rules, each
 * updated after the one before, as the replicas of a Prometheus group are.
 */
export function createRulers(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service[] {
  const replicas = rulerReplicas(ctx.config);
  const created: sst.aws.Service[] = [];
  for (const replica of replicas) {
    created.push(createRulerReplica(ctx, replica, securityGroups, created.at(-1)));
  }
  return created;
}
