// The AWS calls the monitoring tasks make with their task and execution roles, as data for the IAM simulation
// (@fleetwatch/conformance). iam.ts grants them; the simulation checks the two agree.
import type { ResolvedConfig } from "@fleetwatch/config";
import type { AwsCall, Refusal } from "@fleetwatch/conformance";
import { assumedAccounts, discoveryMembers, memberRoleArn } from "@fleetwatch/monitoring";
import { CONFIG_POINTER_KEY, configFileKey, configVersionPrefix } from "@fleetwatch/state-layout";

const TLS = { "aws:SecureTransport": "true" } as const;
const BLOCK = "01JAAAAAAAAAAAAAAAAAAAAAAA";
const thanos = (key?: string) => ({ bucket: "thanos" as const, ...(key ? { key } : {}) });

/** Prometheus's ec2_sd_configs: DescribeInstances, and DescribeAvailabilityZones for the zone id label. */
export const EC2_DISCOVERY_CALLS: readonly AwsCall[] = (
  ["ec2:DescribeInstances", "ec2:DescribeAvailabilityZones"] as const
).map((action) => ({ by: "prometheus ec2_sd_configs", action, target: "*", context: TLS }));

/** An account id for refusals when the config lists none (Organization mode: the units' accounts come at deploy). */
const EXAMPLE_MEMBER_ACCOUNT = "210987654321";

/**
 * Prometheus's `role_arn` blocks of one group (by name): AssumeRole of the member role in every member account the
 * group discovers in. Members mode only: in Organization mode the accounts and the Organization's id (the grant's
 * `aws:ResourceOrgID`) are known at deploy time, not from the config.
 */
export function memberDiscoveryCalls(config: ResolvedConfig, groupName: string): AwsCall[] {
  const group = config.scrapeGroups.find((g) => g.name === groupName);
  if (config.accounts.organization || !group) return [];
  return assumedAccounts(config, group, discoveryMembers(config)).map((id) => ({
    by: "prometheus ec2_sd_configs role_arn",
    action: "sts:AssumeRole",
    target: { role: memberRoleArn(config, id) },
    context: TLS,
  }));
}

/**
 * Any other role of a member account is refused: AWS Organizations creates `OrganizationAccountAccessRole`
 * (administrator) in every account it creates, and the member role is the only one Prometheus needs.
 */
export function memberDiscoveryRefusals(config: ResolvedConfig): Refusal[] {
  const account = config.accounts.members[0]?.id ?? EXAMPLE_MEMBER_ACCOUNT;
  return [
    {
      by: "prometheus ec2_sd_configs role_arn",
      action: "sts:AssumeRole",
      target: { role: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole` },
      context: TLS,
      reason: "Prometheus assumes the member role only, never another role of a member account",
    },
  ];
}

/** Every Thanos component that opens the bucket: list it (no prefix) and read objects (GET and HEAD). */
const THANOS_READ: readonly AwsCall[] = [
  { by: "thanos objstore Iter", action: "s3:ListBucket", target: thanos(), context: TLS },
  {
    by: "thanos objstore Get/Exists",
    action: "s3:GetObject",
    target: thanos(`${BLOCK}/meta.json`),
    context: TLS,
  },
];

/**
 * Uploaders (sidecar, ruler): put blocks (multipart through minio-go, which aborts failed uploads) and delete
 * their own partial upload when one fails (Thanos's block upload cleans up).
 */
export const THANOS_WRITER_CALLS: readonly AwsCall[] = [
  ...THANOS_READ,
  {
    by: "thanos block upload",
    action: "s3:PutObject",
    target: thanos(`${BLOCK}/chunks/000001`),
    context: TLS,
  },
  {
    by: "thanos block upload (minio-go)",
    action: "s3:AbortMultipartUpload",
    target: thanos(`${BLOCK}/chunks/000001`),
    context: TLS,
  },
  {
    by: "thanos block upload cleanup",
    action: "s3:DeleteObject",
    target: thanos(`${BLOCK}/index`),
    context: TLS,
  },
];

/** The compactor: uploads compacted and downsampled blocks, marks and deletes old ones. */
export const THANOS_COMPACTOR_CALLS: readonly AwsCall[] = [
  ...THANOS_WRITER_CALLS.filter((c) => c.action !== "s3:DeleteObject"),
  {
    by: "thanos compact (deletion)",
    action: "s3:DeleteObject",
    target: thanos(`${BLOCK}/meta.json`),
    context: TLS,
  },
];

/** Store Gateway and Bucket Web: read only. */
export const THANOS_READER_CALLS: readonly AwsCall[] = THANOS_READ;

/** A config version, as the deploy names them (a content hash). */
const EXAMPLE_VERSION = "0123456789abcdef";

/** The config init and reloader containers (`aws s3 cp`): the pointer, then a recursive copy of a version. */
export const CONFIG_FETCH_CALLS: readonly AwsCall[] = [
  {
    by: "config-init aws s3 cp",
    action: "s3:GetObject",
    target: { bucket: "state", key: CONFIG_POINTER_KEY },
    context: TLS,
  },
  {
    by: "config-init aws s3 cp --recursive",
    action: "s3:ListBucket",
    target: { bucket: "state" },
    context: { ...TLS, "s3:prefix": `${configVersionPrefix(EXAMPLE_VERSION)}thanos/` },
  },
  {
    by: "config-init aws s3 cp --recursive",
    action: "s3:GetObject",
    target: { bucket: "state", key: configFileKey(EXAMPLE_VERSION, "thanos/objstore.yml") },
    context: TLS,
  },
];

/** The ECS agent with the execution role: secrets the task definition injects, the containers' log streams. */
export const EXECUTION_ROLE_CALLS: readonly AwsCall[] = [
  {
    by: "ECS agent (secrets.valueFrom)",
    action: "ssm:GetParameters",
    target: "the task's secret parameters",
    context: TLS,
  },
  {
    by: "ECS agent (awslogs)",
    action: "logs:CreateLogStream",
    target: "the task's log streams",
    context: TLS,
  },
  { by: "ECS agent (awslogs)", action: "logs:PutLogEvents", target: "the task's log streams", context: TLS },
];
