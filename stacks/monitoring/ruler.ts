import { FILES, LABELS, PORTS } from "@fleetwatch/monitoring";
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
 * The Ruler's flags: the global rules, and where it sends alerts and queries, all rendered files. Its
 * `rule_replica` label is dropped from the alerts it sends, as Prometheus drops `prometheus_replica`.
 */
export function rulerFlags(): string[] {
  return [
    "rule",
    `--data-dir=${RULER_DATA}`,
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    `--grpc-address=0.0.0.0:${PORTS.thanosGrpc}`,
    `--rule-file=${configPath(FILES.rules("global.yml"))}`,
    `--label=${LABELS.ruleReplica}="a"`,
    `--alert.label-drop=${LABELS.ruleReplica}`,
    `--alertmanagers.config-file=${configPath(FILES.rulerAlertmanagers)}`,
    `--query.config-file=${configPath(FILES.rulerQuery)}`,
    "--eval-interval=1m",
    "--tsdb.retention=2d",
    OBJSTORE_FLAG,
  ];
}

/** The Ruler: global rules across groups; one replica (`rule_replica="a"`), its blocks uploaded like a sidecar's. */
export function createRuler(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service {
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
        command: rulerFlags(),
        environment: objstoreEnvironment(thanosBucket.name),
        user: NOBODY,
        health: { port: PORTS.thanosHttp, path: "/-/healthy" },
      },
    ],
  );
  return createTaskService(ctx, {
    name: "ThanosRuler",
    size: config.tasks.ruler,
    containers,
    volumes,
    securityGroup: securityGroups.ruler,
    statements: [...thanosReadWrite(thanosBucket.arn), ...configRead(stateBucket.arn)],
    registryPort: PORTS.thanosGrpc,
    singleton: true,
  });
}
