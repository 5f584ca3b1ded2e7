import { NOBODY, taskContainers } from "./containers";
import { configRead, thanosReadWrite } from "./iam";
import { THANOS_IMAGE } from "./images";
import { CONFIG_ROOT, dnsName, PORTS, RULE_REPLICA_LABEL, RULER_RULES_DIR, type Topology } from "./names";
import { objstoreFlag } from "./objstore";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

export const RULER_DATA = "/data/ruler";

/** The Ruler's Alertmanager URL (Cloud Map DNS). */
export function alertmanagerUrl(topology: Topology): string {
  return `dns+http://${dnsName(topology, "Alertmanager")}:${PORTS.alertmanager}`;
}

/** The Ruler's flags (before the objstore flag). */
export function rulerFlags(topology: Topology): string[] {
  return [
    "rule",
    `--data-dir=${RULER_DATA}`,
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    `--grpc-address=0.0.0.0:${PORTS.thanosGrpc}`,
    `--rule-file=${CONFIG_ROOT}/${RULER_RULES_DIR}/*.yml`,
    `--label=${RULE_REPLICA_LABEL}="a"`,
    `--alertmanagers.url=${alertmanagerUrl(topology)}`,
    `--query=dns+${dnsName(topology, "ThanosQuery")}:${PORTS.thanosHttp}`,
    "--eval-interval=1m",
    "--tsdb.retention=2d",
  ];
}

/** The Ruler: global rules across groups; one replica (`rule_replica="a"`), its blocks uploaded like a sidecar's. */
export function createRuler(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service {
  const { config, thanosBucket, stateBucket } = ctx;
  const { containers, volumes } = taskContainers(
    ctx,
    {
      paths: [RULER_RULES_DIR],
      dataPath: RULER_DATA,
      reloadUrl: `http://127.0.0.1:${PORTS.thanosHttp}/-/reload`,
    },
    [
      {
        name: "thanos-rule",
        image: THANOS_IMAGE,
        command: objstoreFlag(thanosBucket.name, config.homeRegion).apply((objstore) => [
          ...rulerFlags(ctx.topology),
          objstore,
        ]),
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
