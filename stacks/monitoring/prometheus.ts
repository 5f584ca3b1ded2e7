import { sizeGb } from "@fleetwatch/config";
import { FILES, PORTS, type PrometheusReplica, prometheusReplicas } from "@fleetwatch/monitoring";
import { NOBODY, taskContainers } from "./containers";
import { configRead, ec2Discovery, memberRoleAssume, thanosReadWrite } from "./iam";
import { PROMETHEUS_IMAGE, THANOS_IMAGE } from "./images";
import { configPath } from "./names";
import { OBJSTORE_FLAG, objstoreEnvironment, THANOS_CONFIG_DIR } from "./objstore";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

/** Where the TSDB lives in the Prometheus and sidecar containers (the shared task-local volume). */
export const TSDB_PATH = "/prometheus";
/** Share of the task's ephemeral storage the TSDB may fill (images and the WAL's growth need the rest). */
export const TSDB_STORAGE_SHARE = 0.7;
/** Thanos requires min = max block duration on Prometheus, so the sidecar uploads every 2h block as is. */
export const BLOCK_DURATION = "2h";

/** The rendered directory of rule files (`rule_files: ../../rules/*.yml`, relative to each prometheus.yml). */
export const RULES_DIR = FILES.rules("").replace(/\/$/, "");

/** Prometheus's flags. */
export function prometheusFlags(
  replica: PrometheusReplica,
  storage: string,
  localRetention: string,
): string[] {
  const retentionGb = Math.floor((sizeGb(storage) ?? 20) * TSDB_STORAGE_SHARE);
  return [
    `--config.file=${configPath(FILES.prometheus(replica))}`,
    `--storage.tsdb.path=${TSDB_PATH}`,
    `--storage.tsdb.retention.time=${localRetention}`,
    `--storage.tsdb.retention.size=${retentionGb}GB`,
    `--storage.tsdb.min-block-duration=${BLOCK_DURATION}`,
    `--storage.tsdb.max-block-duration=${BLOCK_DURATION}`,
    "--web.enable-lifecycle",
    `--web.listen-address=0.0.0.0:${PORTS.prometheus}`,
  ];
}

/** One replica: Prometheus and its Thanos sidecar on one task-local TSDB volume. */
function createReplica(
  ctx: MonitoringContext,
  replica: PrometheusReplica,
  securityGroups: SecurityGroups,
  groupSecurityGroup: aws.ec2.SecurityGroup | undefined,
  previous: sst.aws.Service | undefined,
): sst.aws.Service {
  const { config, thanosBucket, stateBucket } = ctx;
  const size = config.tasks.prometheus;
  // The config schema owns localRetention's default: every resolved group has one.
  const group = config.scrapeGroups.find((g) => g.name === replica.group);
  if (!group)
    throw new Error(`Prometheus replica ${replica.index} of ${replica.group}: no such scrape group`);
  const { containers, volumes } = taskContainers(
    ctx,
    {
      paths: [replica.dir, RULES_DIR, THANOS_CONFIG_DIR],
      dataPath: TSDB_PATH,
      reloadUrl: `http://127.0.0.1:${PORTS.prometheus}/-/reload`,
    },
    [
      {
        name: "prometheus",
        image: PROMETHEUS_IMAGE,
        command: prometheusFlags(replica, size.storage, group.localRetention),
        user: NOBODY,
        health: { port: PORTS.prometheus, path: "/-/healthy" },
      },
      {
        name: "thanos-sidecar",
        image: THANOS_IMAGE,
        command: [
          "sidecar",
          `--tsdb.path=${TSDB_PATH}`,
          `--prometheus.url=http://127.0.0.1:${PORTS.prometheus}`,
          `--grpc-address=0.0.0.0:${PORTS.thanosGrpc}`,
          `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
          OBJSTORE_FLAG,
        ],
        environment: objstoreEnvironment(thanosBucket.name),
        user: NOBODY,
        after: [{ container: "prometheus", condition: "HEALTHY" }],
        health: { port: PORTS.thanosHttp, path: "/-/healthy" },
      },
    ],
  );
  return createTaskService(ctx, {
    name: replica.component,
    size,
    containers,
    volumes,
    securityGroup: securityGroups.prometheus,
    extraSecurityGroups: groupSecurityGroup ? [groupSecurityGroup] : [],
    statements: [
      ec2Discovery(),
      ...memberRoleAssume(config, group, ctx.accounts.organizationId),
      ...thanosReadWrite(thanosBucket.arn),
      ...configRead(stateBucket.arn),
    ],
    registryPort: PORTS.prometheus,
    singleton: true,
    // The next replica of the group is updated only once this one is stable again (every service is waited on).
    ...(previous ? { after: previous } : {}),
  });
}

/**
 * Every replica of every shard of every scrape group; within a group each replica is updated after the one before
 * (`S0A`, `S0B`, `S1A`, ...), so a shard always keeps a replica and one shard rolls at a time.
 */
export function createPrometheusReplicas(
  ctx: MonitoringContext,
  securityGroups: SecurityGroups,
  groupSecurityGroups: Map<string, aws.ec2.SecurityGroup>,
): { replica: PrometheusReplica; service: sst.aws.Service }[] {
  const created: { replica: PrometheusReplica; service: sst.aws.Service }[] = [];
  const replicas = prometheusReplicas(ctx.config);
  for (const replica of replicas) {
    // One chain per group, shard by shard: the replicas of a shard never roll together, nor do two shards.
    const previous = created.findLast((c) => c.replica.group === replica.group);
    created.push({
      replica,
      service: createReplica(
        ctx,
        replica,
        securityGroups,
        groupSecurityGroups.get(replica.group),
        previous?.service,
      ),
    });
  }
  return created;
}
