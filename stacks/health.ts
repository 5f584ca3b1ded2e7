import { AUDIT_NODE_OPTIONS } from "@fleetwatch/audit";
import type { ResolvedConfig } from "@fleetwatch/config";
import { renderAuditConfig } from "@fleetwatch/monitoring";
import { healthAccess } from "@fleetwatch/state-layout";
import type { Network } from "./network";
import type { Secrets } from "./secrets";
import { type Storage, stateBucketAccess } from "./storage";

/** The compactor as the audit sees it: the monitoring stack's Compactor service. */
export interface CompactorRef {
  /** Its HTTP address, e.g. `http://ThanosCompactor.<stage>.<app>.sst:10902` (Cloud Map). */
  url: $util.Input<string>;
  /** ECS cluster and service names, for DescribeServices/ListTasks/DescribeTasks. Left out: ECS is not read. */
  ecs?: { cluster: $util.Input<string>; service: $util.Input<string> };
  /** A security group the compactor (and the Query Frontend) admit on their HTTP port; the audit Lambdas carry it. */
  securityGroupId?: $util.Input<string>;
}

export interface HealthDeps {
  storage: Storage;
  network: Network;
  /** The Slack webhook, when Slack is on. */
  secrets: Pick<Secrets, "slackWebhookUrl">;
  /** The monitoring stack's compactor (its address from @fleetwatch/monitoring's topology). */
  compactor: CompactorRef;
  /**
   * The Thanos Query Frontend's HTTP address (e.g. `http://ThanosQueryFrontend.<stage>.<app>.sst:10902`): the
   * digest asks it for the node targets down. It admits the compactor's client group on that port. Left out: the
   * digest's targets are "not reported".
   */
  queryUrl?: $util.Input<string>;
  /** Links shown in the digest. */
  links?: { grafana?: $util.Input<string>; bucketWeb?: $util.Input<string> };
}

export interface Health {
  auditFunction: sst.aws.Function;
  digestFunction: sst.aws.Function;
  auditSchedule: sst.aws.CronV2;
  digestSchedule: sst.aws.CronV2;
}

/** `"09:30"` -> `cron(30 9 * * ? *)`, evaluated by EventBridge Scheduler in the digest's time zone. */
export function digestCron(time: string): `cron(${string})` {
  const [hours, minutes] = time.split(":").map(Number);
  return `cron(${minutes} ${hours} * * ? *)`;
}

/** Read-only access to the Thanos bucket: the audit never writes or deletes blocks. */
function thanosReadOnly(storage: Storage) {
  const bucket = storage.thanosBucket;
  return new sst.Linkable("ThanosBucketReadOnly", {
    properties: { name: bucket.name },
    include: [
      sst.aws.permission({ actions: ["s3:ListBucket"], resources: [bucket.arn] }),
      sst.aws.permission({ actions: ["s3:GetObject"], resources: [$interpolate`${bucket.arn}/*`] }),
    ],
  });
}

/** Describe-only ECS access to the compactor's service and its tasks (listing them only in its cluster). */
function ecsPermissions(config: ResolvedConfig, ecs: CompactorRef["ecs"]) {
  if (!ecs) return [];
  const account = aws.getCallerIdentityOutput({}).accountId;
  const prefix = $interpolate`arn:aws:ecs:${config.homeRegion}:${account}`;
  return [
    sst.aws.permission({
      actions: ["ecs:DescribeServices"],
      resources: [$interpolate`${prefix}:service/${ecs.cluster}/${ecs.service}`],
    }),
    // ListTasks by cluster and service names no container instance: IAM authorizes it on "*" only, so the
    // cluster condition is what scopes it.
    sst.aws.permission({
      actions: ["ecs:ListTasks"],
      resources: ["*"],
      conditions: [
        {
          test: "ArnEquals",
          variable: "ecs:cluster",
          values: [$interpolate`${prefix}:cluster/${ecs.cluster}`],
        },
      ],
    }),
    sst.aws.permission({
      actions: ["ecs:DescribeTasks"],
      resources: [$interpolate`${prefix}:task/${ecs.cluster}/*`],
    }),
  ];
}

/**
 * The Lambdas run in the VPC's private subnets: the compactor's /metrics is only reachable there. They carry the
 * group the compactor admits. (In the no-NAT public layout private subnets have no egress: Slack and the ECS API
 * are then out of reach and the audit reports those sources as unavailable.)
 */
function functionVpc(network: Network, compactor: CompactorRef) {
  const vpc = network.clusterVpc;
  const base: $util.Output<string[]> = $util.output(vpc.securityGroups);
  const extra = $util.output(compactor.securityGroupId);
  const subnets = vpc instanceof sst.aws.Vpc ? vpc.privateSubnets : network.taskSubnets;
  return {
    privateSubnets: subnets,
    securityGroups: $util.all([base, extra]).apply(([groups, more]) => (more ? [...groups, more] : groups)),
  };
}

function healthFunction(
  name: string,
  handler: string,
  args: {
    config: ResolvedConfig;
    deps: HealthDeps;
    links: $util.Input<unknown>[];
    environment: Record<string, $util.Input<string>>;
  },
) {
  const compactor = args.deps.compactor;
  return new sst.aws.Function(name, {
    handler,
    description: `fleetwatch ${name}`,
    timeout: "5 minutes",
    memory: "1024 MB",
    vpc: functionVpc(args.deps.network, compactor),
    link: args.links as sst.aws.FunctionArgs["link"],
    permissions: ecsPermissions(args.config, compactor.ecs),
    environment: args.environment,
  });
}

/**
 * Health audits: `audit` every `schedules.audit` (report stored, Slack on change) and `digest` daily at
 * `schedules.digest.time` in its time zone (Block Kit + PNG). Read-only on the Thanos bucket, read/write on the
 * state bucket (`healthAccess`: in Organization mode the discovery refresh's status too, read only, and
 * `FLEETWATCH_DISCOVERY_REFRESH` tells the digest to report it), the Slack webhook from `sst secret set SlackWebhookUrl`.
 */
export function createHealth(config: ResolvedConfig, deps: HealthDeps): Health {
  const webhook = deps.secrets.slackWebhookUrl;
  const { compactor } = deps;
  const organization = config.accounts.organization !== undefined;
  const environment: Record<string, $util.Input<string>> = {
    NODE_OPTIONS: AUDIT_NODE_OPTIONS,
    FLEETWATCH_AUDIT_CONFIG: JSON.stringify(renderAuditConfig(config)),
    FLEETWATCH_COMPACTOR_URL: compactor.url,
    ...(deps.queryUrl ? { FLEETWATCH_QUERY_URL: deps.queryUrl } : {}),
    FLEETWATCH_SLACK_ENABLED: String(webhook !== undefined),
    ...(compactor.ecs
      ? {
          FLEETWATCH_COMPACTOR_CLUSTER: compactor.ecs.cluster,
          FLEETWATCH_COMPACTOR_SERVICE: compactor.ecs.service,
        }
      : {}),
    ...(deps.links?.grafana ? { FLEETWATCH_GRAFANA_URL: deps.links.grafana } : {}),
    ...(deps.links?.bucketWeb ? { FLEETWATCH_BUCKET_WEB_URL: deps.links.bucketWeb } : {}),
    ...(organization ? { FLEETWATCH_DISCOVERY_REFRESH: "true" } : {}),
  };
  const args = {
    config,
    deps,
    links: [
      thanosReadOnly(deps.storage),
      stateBucketAccess("HealthStateBucket", deps.storage, healthAccess(organization)),
      ...(webhook ? [webhook] : []),
    ],
    environment,
  };
  const auditFunction = healthFunction("HealthAudit", "functions/health/audit.handler", args);
  const digestFunction = healthFunction("HealthDigest", "functions/health/digest.handler", args);
  const auditSchedule = new sst.aws.CronV2("HealthAuditSchedule", {
    schedule: `rate(${config.schedules.audit})`,
    function: auditFunction.arn,
  });
  const digestSchedule = new sst.aws.CronV2("HealthDigestSchedule", {
    schedule: digestCron(config.schedules.digest.time),
    timezone: config.schedules.digest.timezone,
    function: digestFunction.arn,
  });
  return { auditFunction, digestFunction, auditSchedule, digestSchedule };
}
