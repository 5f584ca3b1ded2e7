// Least-privilege IAM statements of the monitoring tasks. One task role per component; every statement names
// its resources, except the EC2 Describe calls, which AWS only grants on "*".
import { HOME_ACCOUNT, type ResolvedConfig } from "@fleetwatch/config";
import { assumedAccounts, discoveryMembers, memberRoleArn } from "@fleetwatch/monitoring";
import { STATE_ACCESS } from "@fleetwatch/state-layout";

/** An IAM policy statement as it lands in the policy JSON. */
export interface Statement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: $util.Input<string> | $util.Input<string>[];
  Condition?: Record<string, Record<string, $util.Input<string>[]>>;
}

/** Prometheus EC2 discovery: DescribeInstances (and the AZ names). AWS allows only "*" for these. */
export function ec2Discovery(): Statement {
  return {
    Sid: "Ec2Discovery",
    Effect: "Allow",
    Action: ["ec2:DescribeInstances", "ec2:DescribeAvailabilityZones"],
    Resource: "*",
  };
}

/**
 * Prometheus discovery in member accounts, for one scrape group's tasks: `sts:AssumeRole` on the member roles and
 * nothing else. Members mode: exactly the roles of the members the group discovers in. Organization mode: the
 * member role's name in any account, held to the Organization by `aws:ResourceOrgID` (the units' accounts change
 * without a policy change). None when the group discovers in no member account.
 */
export function memberRoleAssume(
  config: ResolvedConfig,
  group: ResolvedConfig["scrapeGroups"][number],
  organizationId: $util.Input<string> | undefined,
): Statement[] {
  const sid = "AssumeMemberRoles";
  if (config.accounts.organization) {
    if (!organizationId || !reachesMembers(group)) return [];
    return [
      {
        Sid: sid,
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Resource: `arn:aws:iam::*:role/${config.accounts.memberRoleName}`,
        Condition: { StringEquals: { "aws:ResourceOrgID": [organizationId] } },
      },
    ];
  }
  const arns = assumedAccounts(config, group, discoveryMembers(config)).map((id) =>
    memberRoleArn(config, id),
  );
  if (arns.length === 0) return [];
  return [{ Sid: sid, Effect: "Allow", Action: ["sts:AssumeRole"], Resource: arns }];
}

/** Whether a group's selector can take a member account's instances (any account, or an account id). */
function reachesMembers(group: ResolvedConfig["scrapeGroups"][number]): boolean {
  return group.selector.accounts.length === 0 || group.selector.accounts.some((a) => a !== HOME_ACCOUNT);
}

/** Read the Thanos bucket: list it and get objects. */
export function thanosRead(bucketArn: $util.Input<string>): Statement[] {
  return [
    { Sid: "ThanosList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn },
    {
      Sid: "ThanosRead",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: $util.interpolate`${bucketArn}/*`,
    },
  ];
}

/**
 * Read and write the Thanos bucket (sidecar uploads, compactor rewrites and deletes, ruler uploads). Thanos
 * uploads through minio-go, which aborts a multipart upload that failed: writers only.
 */
export function thanosReadWrite(bucketArn: $util.Input<string>): Statement[] {
  return [
    { Sid: "ThanosList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn },
    {
      Sid: "ThanosReadWrite",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      Resource: $util.interpolate`${bucketArn}/*`,
    },
  ];
}

/**
 * Read the rendered config files (the init and reloader containers), and nothing else of the state bucket: the
 * prefixes of `STATE_ACCESS.monitoringConfig`.
 */
export function configRead(stateBucketArn: $util.Input<string>): Statement[] {
  const prefixes = STATE_ACCESS.monitoringConfig.read;
  return [
    {
      Sid: "ConfigList",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: stateBucketArn,
      Condition: { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } },
    },
    {
      Sid: "ConfigRead",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: prefixes.map((p) => $util.interpolate`${stateBucketArn}/${p}*`),
    },
  ];
}

/** Read the SSM parameters a task definition injects as secrets (the execution role's only inline grant). */
export function parametersRead(parameterArns: $util.Input<string>[]): Statement {
  return { Sid: "ReadTaskSecrets", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: parameterArns };
}

/** The inline policies of a role: none when there is nothing to allow. */
export function inlinePolicies(statements: Statement[]) {
  if (statements.length === 0) return [];
  return [{ name: "inline", policy: $jsonStringify({ Version: "2012-10-17", Statement: statements }) }];
}
