import { LABELS, PORTS } from "@fleetwatch/monitoring";
import { NOBODY, taskContainers } from "./containers";
import { configRead, thanosRead } from "./iam";
import { THANOS_IMAGE } from "./images";
import type { LoadBalancerAttachment } from "./load-balancer";
import { OBJSTORE_FLAG, objstoreEnvironment, THANOS_CONFIG_DIR } from "./objstore";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

/** Bucket Web's flags. Admin operations off: nobody marks blocks from a browser. */
export function bucketWebFlags(): string[] {
  return [
    "tools",
    "bucket",
    "web",
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    "--refresh=30m",
    "--timeout=5m",
    `--label=${LABELS.group}`,
    "--disable-admin-operations",
    OBJSTORE_FLAG,
  ];
}

/** Thanos Bucket Web: a read-only view of the bucket's blocks, inside the VPC only. */
export function createBucketWeb(
  ctx: MonitoringContext,
  securityGroups: SecurityGroups,
  loadBalancer: LoadBalancerAttachment | undefined,
): sst.aws.Service {
  const { config, thanosBucket, stateBucket } = ctx;
  const { containers, volumes } = taskContainers(ctx, { paths: [THANOS_CONFIG_DIR] }, [
    {
      name: "thanos-bucket-web",
      image: THANOS_IMAGE,
      command: bucketWebFlags(),
      environment: objstoreEnvironment(thanosBucket.name),
      user: NOBODY,
      health: { port: PORTS.thanosHttp, path: "/-/healthy" },
    },
  ]);
  return createTaskService(ctx, {
    name: "ThanosBucketWeb",
    size: config.tasks.bucketWeb,
    containers,
    volumes,
    securityGroup: securityGroups.bucketWeb,
    statements: [...thanosRead(thanosBucket.arn), ...configRead(stateBucket.arn)],
    registryPort: PORTS.thanosHttp,
    singleton: false,
    ...(loadBalancer ? { loadBalancer } : {}),
  });
}
