import { NOBODY } from "./containers";
import { thanosRead } from "./iam";
import { THANOS_IMAGE } from "./images";
import { GROUP_LABEL, PORTS } from "./names";
import { objstoreFlag } from "./objstore";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

/** Bucket Web's flags (before the objstore flag). Admin operations off: nobody marks blocks from a browser. */
export function bucketWebFlags(): string[] {
  return [
    "tools",
    "bucket",
    "web",
    `--http-address=0.0.0.0:${PORTS.thanosHttp}`,
    "--refresh=30m",
    "--timeout=5m",
    `--label=${GROUP_LABEL}`,
    "--disable-admin-operations",
  ];
}

/** Thanos Bucket Web: a read-only view of the bucket's blocks, inside the VPC only. */
export function createBucketWeb(
  ctx: MonitoringContext,
  securityGroups: SecurityGroups,
  loadBalancer: sst.aws.ServiceArgs["loadBalancer"] | undefined,
): sst.aws.Service {
  const { config, thanosBucket } = ctx;
  return createTaskService(ctx, {
    name: "ThanosBucketWeb",
    size: config.tasks.bucketWeb,
    containers: [
      {
        name: "thanos-bucket-web",
        image: THANOS_IMAGE,
        command: objstoreFlag(thanosBucket.name, config.homeRegion).apply((objstore) => [
          ...bucketWebFlags(),
          objstore,
        ]),
        user: NOBODY,
        health: { port: PORTS.thanosHttp, path: "/-/healthy" },
      },
    ],
    volumes: [],
    securityGroup: securityGroups.bucketWeb,
    statements: thanosRead(thanosBucket.arn),
    registryPort: PORTS.thanosHttp,
    singleton: false,
    ...(loadBalancer ? { loadBalancer } : {}),
  });
}
