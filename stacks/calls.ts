// Which role makes which AWS calls, and which calls each must be refused: the one owner of this mapping. The
// call lists live next to the code that makes them (the adapters' calls.ts, monitoring/calls.ts); the IAM
// simulation of @fleetwatch/conformance replays them against the plan.
import {
  AUDIT_CACHE_CALLS,
  THANOS_READER_CALLS as AUDIT_THANOS_READ,
  CONFIG_STORE_CALLS,
  DIGEST_STORE_CALLS,
  ECS_ROLLOUT_CALLS,
  ECS_SERVICE_CALLS,
  ONBOARDING_STATUS_CALLS,
  REFRESH_STATUS_CALLS,
  REFRESH_STATUS_READ_CALLS,
  REPORT_STORE_CALLS,
} from "@fleetwatch/audit-aws/calls";
import { DEFAULT_MEMBER_ROLE_NAME, type ResolvedConfig } from "@fleetwatch/config";
import {
  type AwsCall,
  type Refusal,
  type SimulationSubject,
  TLS,
  type Workload,
  withoutTls,
} from "@fleetwatch/conformance";
import { prometheusReplicas, rulerReplicas } from "@fleetwatch/monitoring";
import {
  CARRY_CALLS,
  COMMAND_RUNNER_CALLS,
  EVENT_SOURCE_CALLS,
  INSTANCE_DIRECTORY_CALLS,
  instanceTaggerCalls,
  MANAGED_NODES_CALLS,
  MESSAGE_QUEUE_CALLS,
  memberRoleCalls,
  NETWORK_INTERFACE_CALLS,
  ORGANIZATION_CALLS,
  RESERVATION_LEDGER_CALLS,
  STATUS_STORE_CALLS,
  workQueueCalls,
} from "@fleetwatch/onboarding-aws/calls";
// The offline Organization only (no Pulumi import): sst.config.ts is evaluated before the platform exists.
import { MOCK_ORGANIZATION_ID } from "@fleetwatch/sst-offline/organization";
import {
  CONFIG_POINTER_KEY,
  DISCOVERY_REFRESH_STATUS_KEY,
  ONBOARDING_STATUS_KEY,
} from "@fleetwatch/state-layout";
import {
  CONFIG_FETCH_CALLS,
  EC2_DISCOVERY_CALLS,
  EXECUTION_ROLE_CALLS,
  memberDiscoveryCalls,
  memberDiscoveryRefusals,
  THANOS_COMPACTOR_CALLS,
  THANOS_READER_CALLS,
  THANOS_WRITER_CALLS,
} from "./monitoring/calls";

const LAMBDA_LOGS: readonly AwsCall[] = (["logs:CreateLogStream", "logs:PutLogEvents"] as const).map(
  (action) => ({
    by: "Lambda runtime logs",
    action,
    target: "the function's log stream",
    context: TLS,
  }),
);

const THANOS_BLOCK = "01JAAAAAAAAAAAAAAAAAAAAAAA";

/** Writing or deleting blocks is the uploaders' and the compactor's job only. */
const THANOS_WRITES_REFUSED: readonly Refusal[] = [
  {
    by: "a reader of the Thanos bucket",
    action: "s3:PutObject",
    target: { bucket: "thanos", key: `${THANOS_BLOCK}/meta.json` },
    context: TLS,
    reason: "readers of the Thanos bucket never write blocks",
  },
  {
    by: "a reader of the Thanos bucket",
    action: "s3:DeleteObject",
    target: { bucket: "thanos", key: `${THANOS_BLOCK}/meta.json` },
    context: TLS,
    reason: "only the compactor (and an uploader's cleanup) deletes blocks",
  },
];

/**
 * The rendered config is the deploy's to write (and, in Organization mode, the discovery refresh's): no other
 * task or Lambda may replace what the tasks load.
 */
const CONFIG_WRITE_REFUSED: Refusal = {
  by: "anything but the deploy",
  action: "s3:PutObject",
  target: { bucket: "state", key: CONFIG_POINTER_KEY },
  context: TLS,
  reason:
    "the config pointer is written by the deploy only; a task or Lambda writing it reconfigures every task",
};

/** Every S3 call again without TLS: the buckets' policies deny it (SST's enforceHttps). */
function tlsRefusals(calls: readonly AwsCall[]): Refusal[] {
  return calls
    .filter((c) => c.action.startsWith("s3:"))
    .map((c) => withoutTls({ ...c, reason: "the bucket policy denies requests without TLS" }));
}

function tagRefusals(config: ResolvedConfig): Refusal[] {
  const prefix = config.tagPrefix;
  return [
    {
      by: "Ec2InstanceTagger.tag",
      action: "ec2:CreateTags",
      target: "any instance",
      context: { ...TLS, "aws:TagKeys": ["Name"] },
      reason: "tags outside the prefix belong to the instance's owners",
    },
    {
      by: "Ec2InstanceTagger.tag",
      action: "ec2:CreateTags",
      target: "any instance",
      context: { ...TLS, "aws:TagKeys": [`${prefix}status`, "owner"] },
      reason: "one key outside the prefix refuses the whole call",
    },
    {
      by: "Ec2InstanceTagger.untag",
      action: "ec2:DeleteTags",
      target: "any instance",
      context: { ...TLS, "aws:TagKeys": ["Name"] },
      reason: "tags outside the prefix belong to the instance's owners",
    },
  ];
}

/** The launch handler reaches the state bucket for the reservation ledgers only. */
const STATUS_WRITE_REFUSED: Refusal = {
  by: "the launch handler",
  action: "s3:PutObject",
  target: { bucket: "state", key: ONBOARDING_STATUS_KEY },
  context: TLS,
  reason:
    "only the reconcile publishes the status summary; the launch handler writes reservation ledgers only",
};

const SEND_COMMAND_REFUSED: Refusal = {
  by: "SsmCommandRunner.send",
  action: "ssm:SendCommand",
  target: "AWS-RunShellScript",
  context: TLS,
  reason: "only fleetwatch's own document may run on instances",
};

const OTHER_VPC_REFUSED: Refusal = {
  by: "Ec2NetworkInterfaces.setGroups",
  action: "ec2:ModifyNetworkInterfaceAttribute",
  target: "an interface in the fleetwatch VPC",
  context: { ...TLS, "ec2:Vpc": { plan: "another VPC" } },
  reason: "interfaces of other VPCs are not onboarding's to change",
};

const ECS_REFUSED: readonly Refusal[] = [
  {
    by: "readEcsService",
    action: "ecs:ListTasks",
    target: "*",
    context: { ...TLS, "ecs:cluster": { plan: "another cluster" } },
    reason: "the audit reads the compactor's cluster only",
  },
  {
    by: "readEcsService",
    action: "ecs:DescribeServices",
    target: "another service of the cluster",
    context: TLS,
    reason: "the audit describes the compactor's service only",
  },
];

/** The rollout check reads the monitoring cluster only, and changes nothing. */
const ROLLOUT_REFUSED: readonly Refusal[] = [
  {
    by: "EcsRolloutReader.stoppedTasks",
    action: "ecs:ListTasks",
    target: "*",
    context: { ...TLS, "ecs:cluster": { plan: "another cluster" } },
    reason: "the rollout check reads the monitoring cluster only",
  },
  {
    by: "the rollout check",
    action: "ecs:UpdateService",
    target: "a monitoring service",
    context: TLS,
    reason: "the rollout check reports a failed rollout; it never changes a service",
  },
];

/** The reconcile's work queue (stacks/onboarding.ts: sst.aws.Queue names its queue <name>Queue). */
const RECONCILE_WORK_QUEUE = "OnboardingReconcileQueueQueue";

/**
 * The coordinator runs after every deploy and must stay trivially fast: it enqueues work items and nothing
 * else, so it may not read the fleet, send commands, tag, or feed another queue.
 */
const COORDINATOR_REFUSED: readonly Refusal[] = [
  {
    by: "the reconcile coordinator",
    action: "ec2:DescribeInstances",
    target: "*",
    context: TLS,
    reason: "the coordinator only enqueues; the workers read the fleet page by page",
  },
  {
    by: "the reconcile coordinator",
    action: "ssm:SendCommand",
    target: "the SSM document",
    context: TLS,
    reason: "the coordinator only enqueues; the workers send commands",
  },
  {
    by: "the reconcile coordinator",
    action: "sqs:SendMessage",
    target: { queue: "OnboardingLaunchQueueQueue" },
    context: TLS,
    reason: "the coordinator feeds the reconcile's work queue only",
  },
  {
    by: "the reconcile coordinator",
    action: "s3:PutObject",
    target: { bucket: "state", key: ONBOARDING_STATUS_KEY },
    context: TLS,
    reason: "the workers write the status; the coordinator has no bucket access",
  },
];

/**
 * The discovery refresh (Organization mode) writes config versions and the pointer, nothing else of the state
 * bucket, and never the Thanos bucket.
 */
const DISCOVERY_REFRESH_REFUSED: readonly Refusal[] = [
  {
    by: "S3ConfigStore.write",
    action: "s3:PutObject",
    target: { bucket: "state", key: ONBOARDING_STATUS_KEY },
    context: TLS,
    reason: "the discovery refresh writes the rendered config only",
  },
  ...THANOS_WRITES_REFUSED,
];

/**
 * The discovery refresh's status record, as the health Lambdas see it: read only in Organization mode (where the
 * refresh runs), not at all in the other modes (nothing new in their plan).
 */
function refreshStatusOfHealth(organization: boolean): { calls: readonly AwsCall[]; refusals: Refusal[] } {
  const target = { bucket: "state" as const, key: DISCOVERY_REFRESH_STATUS_KEY };
  if (!organization)
    return {
      calls: [],
      refusals: [
        {
          by: "S3RefreshStatusStore.read",
          action: "s3:GetObject",
          target,
          context: TLS,
          reason: "only Organization mode has a discovery refresh and its status",
        },
      ],
    };
  return {
    calls: REFRESH_STATUS_READ_CALLS,
    refusals: [
      {
        by: "S3RefreshStatusStore.write",
        action: "s3:PutObject",
        target,
        context: TLS,
        reason: "the discovery refresh alone writes its status; the health Lambdas read it",
      },
    ],
  };
}

/** An account that is no member: neither listed nor (in Organization mode) in fleetwatch's Organization. */
const STRANGER_ACCOUNT = "999999999999";

/**
 * AssumeRole of the member roles (the onboarding Lambdas'), and the roles they must be refused: a member role
 * of an account that is not a member, another role of a member account; in Organization mode a role of an
 * account of another Organization. The Organization is the offline plan's (its mocks answer
 * `getOrganization` with `MOCK_ORGANIZATION_ID`).
 */
function memberRoles(config: ResolvedConfig): { calls: AwsCall[]; refusals: Refusal[] } {
  const accounts = config.accounts;
  const units = accounts?.organization?.units ?? [];
  const members = accounts?.members ?? [];
  if (units.length === 0 && members.length === 0) return { calls: [], refusals: [] };
  const name = accounts?.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
  const role = (account: string, roleName = name) => `arn:aws:iam::${account}:role/${roleName}`;
  const org = units.length > 0 ? MOCK_ORGANIZATION_ID : undefined;
  const calls = org
    ? memberRoleCalls([role("210987654321")], org)
    : memberRoleCalls(members.map((m) => role(m.id)));
  const refused = (target: string, reason: string, context: Refusal["context"] = TLS): Refusal => ({
    by: "stsAssumeRole",
    action: "sts:AssumeRole",
    target: { role: target },
    context,
    reason,
  });
  const someMember = org ? "210987654321" : (members[0]?.id ?? STRANGER_ACCOUNT);
  const refusals = [
    refused(
      role(someMember, "OrganizationAccountAccessRole"),
      "only the member role, never another role of the account",
      org ? { ...TLS, "aws:ResourceOrgID": org } : TLS,
    ),
    org
      ? refused(role(STRANGER_ACCOUNT), "accounts of another Organization are not members", {
          ...TLS,
          "aws:ResourceOrgID": "o-zzzzzzzzzz",
        })
      : refused(role(STRANGER_ACCOUNT), "only the listed member accounts"),
  ];
  return { calls, refusals };
}

function lambda(name: string, calls: readonly AwsCall[], refusals: readonly Refusal[]): Workload {
  const all = [...calls, ...LAMBDA_LOGS];
  return {
    name,
    principal: { function: `${name}Function` },
    calls: all,
    refusals: [...refusals, ...tlsRefusals(all)],
  };
}

function task(component: string, calls: readonly AwsCall[], refusals: readonly Refusal[] = []): Workload[] {
  return [
    {
      name: `${component} task`,
      principal: { service: `${component}Service`, role: "task" },
      calls,
      refusals: [...refusals, ...tlsRefusals(calls)],
    },
    {
      name: `${component} execution`,
      principal: { service: `${component}Service`, role: "execution" },
      calls: EXECUTION_ROLE_CALLS,
      refusals: [
        {
          by: "ECS agent",
          action: "ssm:GetParameters",
          target: "another parameter",
          context: TLS,
          reason: "an execution role reads its task definition's secrets only",
        },
      ],
    },
  ];
}

/** The Lambdas of the onboarding and health stacks, by the handlers they run (stacks/onboarding.ts, health.ts). */
function lambdas(config: ResolvedConfig): Workload[] {
  const tagger = instanceTaggerCalls(config);
  const interfaces = config.onboarding.attachSecurityGroup ? NETWORK_INTERFACE_CALLS : [];
  const interfaceRefusals = config.onboarding.attachSecurityGroup ? [OTHER_VPC_REFUSED] : [];
  const consumer = [...MESSAGE_QUEUE_CALLS, ...EVENT_SOURCE_CALLS];
  const ec2Ssm = [...INSTANCE_DIRECTORY_CALLS, ...tagger, ...MANAGED_NODES_CALLS, ...COMMAND_RUNNER_CALLS];
  const health = [...AUDIT_THANOS_READ, ...AUDIT_CACHE_CALLS, ...ECS_SERVICE_CALLS];
  const members = memberRoles(config);
  const organization = config.accounts?.organization?.units.length ? ORGANIZATION_CALLS : [];
  const refreshStatus = refreshStatusOfHealth(organization.length > 0);
  const healthRefusals = [
    ...THANOS_WRITES_REFUSED,
    ...ECS_REFUSED,
    CONFIG_WRITE_REFUSED,
    ...refreshStatus.refusals,
  ];
  return [
    // functions/onboarding/onboard.ts: handleStateChanges.
    lambda(
      "OnboardingLaunch",
      [
        ...ec2Ssm,
        ...consumer,
        ...CARRY_CALLS,
        ...RESERVATION_LEDGER_CALLS,
        ...members.calls,
        ...organization,
      ],
      [...tagRefusals(config), SEND_COMMAND_REFUSED, STATUS_WRITE_REFUSED, ...members.refusals],
    ),
    // functions/onboarding/complete.ts: handleCommandResults.
    lambda(
      "OnboardingComplete",
      [...INSTANCE_DIRECTORY_CALLS, ...tagger, ...interfaces, ...consumer, ...members.calls, ...organization],
      [...tagRefusals(config), ...interfaceRefusals, ...members.refusals],
    ),
    // functions/onboarding/reconcile.ts: startRun with SqsWorkQueue (CronV2 names its function <name>Handler).
    lambda(
      "OnboardingReconcileHandler",
      [...workQueueCalls({ queue: RECONCILE_WORK_QUEUE }), ...organization],
      COORDINATOR_REFUSED,
    ),
    // functions/onboarding/reconcile-worker.ts: reconcilePage with SqsWorkQueue and S3StatusStore.
    lambda(
      "OnboardingReconcileWorker",
      [
        ...ec2Ssm,
        ...interfaces,
        ...STATUS_STORE_CALLS,
        ...RESERVATION_LEDGER_CALLS,
        ...workQueueCalls("the consumed queue", "the dead-letter queue"),
        ...EVENT_SOURCE_CALLS,
        ...members.calls,
      ],
      [
        ...tagRefusals(config),
        SEND_COMMAND_REFUSED,
        ...interfaceRefusals,
        CONFIG_WRITE_REFUSED,
        ...members.refusals,
      ],
    ),
    // functions/health/audit.ts: runScheduledAudit with S3ReportStore (and the refresh's status record).
    lambda("HealthAudit", [...health, ...REPORT_STORE_CALLS, ...refreshStatus.calls], healthRefusals),
    // functions/monitoring/rollout-check.ts: checkRollouts with EcsRolloutReader, after every deploy.
    lambda("MonitoringRolloutCheck", ECS_ROLLOUT_CALLS, ROLLOUT_REFUSED),
    // functions/health/digest.ts: runDailyDigest with S3PictureStore, readOnboardingStatus, putJson (and the
    // refresh's status record).
    lambda(
      "HealthDigest",
      [...health, ...DIGEST_STORE_CALLS, ...ONBOARDING_STATUS_CALLS, ...refreshStatus.calls],
      healthRefusals,
    ),
    // functions/monitoring/discovery-refresh.ts: runDiscoveryRefresh with S3ConfigStore and the directory.
    ...(organization.length
      ? [
          lambda(
            "MonitoringDiscoveryRefresh",
            [...CONFIG_STORE_CALLS, ...REFRESH_STATUS_CALLS, ...organization],
            DISCOVERY_REFRESH_REFUSED,
          ),
        ]
      : []),
  ];
}

/** The monitoring services' task and execution roles (stacks/monitoring/*.ts). */
function tasks(config: ResolvedConfig): Workload[] {
  const readOnly = [...THANOS_WRITES_REFUSED, CONFIG_WRITE_REFUSED];
  return [
    ...prometheusReplicas(config).flatMap((r) =>
      task(
        r.component,
        [
          ...EC2_DISCOVERY_CALLS,
          ...memberDiscoveryCalls(config, r.group),
          ...THANOS_WRITER_CALLS,
          ...CONFIG_FETCH_CALLS,
        ],
        [CONFIG_WRITE_REFUSED, ...memberDiscoveryRefusals(config)],
      ),
    ),
    ...rulerReplicas(config).flatMap((r) =>
      task(r.component, [...THANOS_WRITER_CALLS, ...CONFIG_FETCH_CALLS], [CONFIG_WRITE_REFUSED]),
    ),
    ...task("ThanosCompactor", [...THANOS_COMPACTOR_CALLS, ...CONFIG_FETCH_CALLS], [CONFIG_WRITE_REFUSED]),
    ...task("ThanosStore", [...THANOS_READER_CALLS, ...CONFIG_FETCH_CALLS], readOnly),
    ...task("ThanosBucketWeb", [...THANOS_READER_CALLS, ...CONFIG_FETCH_CALLS], readOnly),
    // Query reads no bucket: its config only. The Query Frontend has no config-init and no bucket.
    ...task("ThanosQuery", CONFIG_FETCH_CALLS, readOnly),
    ...task("ThanosQueryFrontend", [], readOnly),
    ...task("Alertmanager", CONFIG_FETCH_CALLS, [CONFIG_WRITE_REFUSED]),
    ...task("Grafana", CONFIG_FETCH_CALLS, [CONFIG_WRITE_REFUSED]),
  ];
}

/** What the IAM simulation replays for a stage's config: every workload and the plan names it resolves. */
export function simulationSubject(config: ResolvedConfig): SimulationSubject {
  return {
    workloads: [...lambdas(config), ...tasks(config)],
    names: {
      buckets: { thanos: "ThanosBucketBucket", state: "StateBucketBucket" },
      nodeExporterSecurityGroup: "NodeExporterSecurityGroup",
    },
  };
}
