// Every AWS call the onboarding adapters make, as data for the IAM simulation (@fleetwatch/conformance). A test
// fails when an adapter sends a command missing here.
import type { AwsCall, Target } from "@fleetwatch/conformance";
import { managedKeys, type OnboardingSettings, tagKeys } from "@fleetwatch/onboarding";
import { ONBOARDING_STATUS_KEY, partKey, reservationsKey, runPrefix } from "@fleetwatch/state-layout";

const TLS = { "aws:SecureTransport": "true" } as const;

/** What the calls depend on: the tag prefix (the keys written) and the region the reconcile reads. */
export type CallSettings = Pick<OnboardingSettings, "tagPrefix">;

/** The tag keys fleetwatch writes and removes (`ignore` belongs to users: never written). */
export function writtenTagKeys(settings: CallSettings): string[] {
  return managedKeys(tagKeys(settings.tagPrefix));
}

/** `Ec2InstanceDirectory`: DescribeInstances (no resource-level permissions exist). */
export const INSTANCE_DIRECTORY_CALLS: readonly AwsCall[] = [
  {
    by: "Ec2InstanceDirectory",
    sdkCommand: "DescribeInstancesCommand",
    action: "ec2:DescribeInstances",
    target: "*",
    context: TLS,
  },
];

/** `Ec2InstanceTagger`: CreateTags and DeleteTags on instances, with the keys in aws:TagKeys. */
export function instanceTaggerCalls(settings: CallSettings): AwsCall[] {
  const keys = writtenTagKeys(settings);
  return [
    {
      by: "Ec2InstanceTagger.tag",
      sdkCommand: "CreateTagsCommand",
      action: "ec2:CreateTags",
      target: "any instance",
      context: { ...TLS, "aws:TagKeys": keys },
    },
    {
      by: "Ec2InstanceTagger.untag",
      sdkCommand: "DeleteTagsCommand",
      action: "ec2:DeleteTags",
      target: "any instance",
      context: { ...TLS, "aws:TagKeys": keys },
    },
  ];
}

/**
 * `Ec2NetworkInterfaces.setGroups`: ModifyNetworkInterfaceAttribute with `Groups` on an interface of the
 * fleetwatch VPC. AWS authorizes the interface, each group of the new set and the attached instance (which has no
 * ec2:Vpc key).
 */
export const NETWORK_INTERFACE_CALLS: readonly AwsCall[] = [
  {
    by: "Ec2NetworkInterfaces.setGroups",
    sdkCommand: "ModifyNetworkInterfaceAttributeCommand",
    action: "ec2:ModifyNetworkInterfaceAttribute",
    target: "an interface in the fleetwatch VPC",
    context: { ...TLS, "ec2:Vpc": { plan: "the fleetwatch VPC" } },
  },
  {
    by: "Ec2NetworkInterfaces.setGroups",
    sdkCommand: "ModifyNetworkInterfaceAttributeCommand",
    action: "ec2:ModifyNetworkInterfaceAttribute",
    target: "the node-exporter security group",
    context: { ...TLS, "ec2:Vpc": { plan: "the fleetwatch VPC" } },
  },
  {
    by: "Ec2NetworkInterfaces.setGroups",
    sdkCommand: "ModifyNetworkInterfaceAttributeCommand",
    action: "ec2:ModifyNetworkInterfaceAttribute",
    target: "the interface's instance",
    context: TLS,
  },
];

/** `SsmManagedNodes`: DescribeInstanceInformation (resource "*" only). */
export const MANAGED_NODES_CALLS: readonly AwsCall[] = [
  {
    by: "SsmManagedNodes.online",
    sdkCommand: "DescribeInstanceInformationCommand",
    action: "ssm:DescribeInstanceInformation",
    target: "*",
    context: TLS,
  },
];

/** `SsmCommandRunner`: SendCommand authorizes the document and every instance; ListCommands is "*" only. */
export const COMMAND_RUNNER_CALLS: readonly AwsCall[] = [
  {
    by: "SsmCommandRunner.send",
    sdkCommand: "SendCommandCommand",
    action: "ssm:SendCommand",
    target: "the SSM document",
    context: TLS,
  },
  {
    by: "SsmCommandRunner.send",
    sdkCommand: "SendCommandCommand",
    action: "ssm:SendCommand",
    target: "any instance",
    context: TLS,
  },
  {
    by: "SsmCommandRunner.inFlight",
    sdkCommand: "ListCommandsCommand",
    action: "ssm:ListCommands",
    target: "*",
    context: TLS,
  },
];

/**
 * `SqsMessageQueue`: retry by visibility on the consumed queue, dead-letter with a reason, 10 entries per call.
 * IAM has no actions of their own for the batch calls: ChangeMessageVisibilityBatch is authorized as
 * sqs:ChangeMessageVisibility, SendMessageBatch as sqs:SendMessage.
 */
export const MESSAGE_QUEUE_CALLS: readonly AwsCall[] = [
  {
    by: "SqsMessageQueue.delay",
    sdkCommand: "ChangeMessageVisibilityBatchCommand",
    action: "sqs:ChangeMessageVisibility",
    target: "the consumed queue",
    context: TLS,
  },
  {
    by: "SqsMessageQueue.deadLetter",
    sdkCommand: "SendMessageBatchCommand",
    action: "sqs:SendMessage",
    target: "the dead-letter queue",
    context: TLS,
  },
];

/** `SqsMessageQueue.requeue`: the launch handler carries waiting instances in a new message on its own queue. */
export const CARRY_CALLS: readonly AwsCall[] = [
  {
    by: "SqsMessageQueue.requeue",
    sdkCommand: "SendMessageBatchCommand",
    action: "sqs:SendMessage",
    target: "the consumed queue",
    context: TLS,
  },
];

/**
 * Lambda's SQS poller, with the function's role: not an adapter's call, but made for the handlers that
 * `SqsMessageQueue` serves (AWS documents these three for an SQS event source; its DeleteMessageBatch is
 * authorized as sqs:DeleteMessage).
 */
export const EVENT_SOURCE_CALLS: readonly AwsCall[] = (
  ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"] as const
).map((action) => ({
  by: "Lambda SQS event source mapping",
  action,
  target: "the consumed queue",
  context: TLS,
}));

/** A part's key, as the simulation checks the grant on `onboarding/runs/...`. */
const PART_KEY = partKey({
  runId: "2026-11-21T09:00:00.000Z-schedule",
  scope: "us-east-1",
  page: 0,
  kind: "page",
});

/** `S3StatusStore`: the run's parts and the merged summary in the state bucket (the worker's). */
export const STATUS_STORE_CALLS: readonly AwsCall[] = [
  ...(["putPart", "readParts"] as const).map((method) => ({
    by: `S3StatusStore.${method}`,
    sdkCommand: method === "putPart" ? "PutObjectCommand" : "GetObjectCommand",
    action: method === "putPart" ? ("s3:PutObject" as const) : ("s3:GetObject" as const),
    target: { bucket: "state" as const, key: PART_KEY },
    context: TLS,
  })),
  {
    by: "S3StatusStore.partNames",
    sdkCommand: "ListObjectsV2Command",
    action: "s3:ListBucket",
    target: { bucket: "state" },
    context: { ...TLS, "s3:prefix": runPrefix("2026-11-21T09:00:00.000Z-schedule") },
  },
  {
    by: "S3StatusStore.published",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: ONBOARDING_STATUS_KEY },
    context: TLS,
  },
  {
    by: "S3StatusStore.publish",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: ONBOARDING_STATUS_KEY },
    context: TLS,
  },
];

/**
 * `S3LedgerStore`: the reservation ledger of an account x region in the state bucket, read and conditionally
 * written (the home account's key, and a member account's under its id).
 */
export const RESERVATION_LEDGER_CALLS: readonly AwsCall[] = [undefined, "210987654321"].flatMap((account) => [
  {
    by: "S3LedgerStore.read",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject" as const,
    target: { bucket: "state" as const, key: reservationsKey("us-east-1", account) },
    context: TLS,
  },
  {
    by: "S3LedgerStore.write",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject" as const,
    target: { bucket: "state" as const, key: reservationsKey("us-east-1", account) },
    context: TLS,
  },
]);

/**
 * `SqsWorkQueue`: SendMessageBatch (authorized as sqs:SendMessage) of work items to `queue`, and a given-up item
 * to `deadLetter`. The worker sends to the queue it consumes; the coordinator to the work queue by name and never
 * dead-letters.
 */
export function workQueueCalls(queue: Target, deadLetter?: Target): AwsCall[] {
  return [
    {
      by: "SqsWorkQueue.enqueue",
      sdkCommand: "SendMessageBatchCommand",
      action: "sqs:SendMessage",
      target: queue,
      context: TLS,
    },
    ...(deadLetter
      ? [
          {
            by: "SqsWorkQueue.deadLetter",
            sdkCommand: "SendMessageCommand",
            action: "sqs:SendMessage" as const,
            target: deadLetter,
            context: TLS,
          },
        ]
      : []),
  ];
}

/** An example member account in call lists that must name one (the simulation checks the grant's pattern). */
export const EXAMPLE_MEMBER_ACCOUNT = "210987654321";

/**
 * `stsAssumeRole` (through `MemberCredentials`): AssumeRole of the member role in each member account (IAM is
 * global: one role per account). `organizationId`: in Organization mode, the request's `aws:ResourceOrgID` (the
 * role's account is in the Organization), which the grant conditions on.
 */
export function memberRoleCalls(roleArns: readonly string[], organizationId?: string): AwsCall[] {
  return roleArns.map((role) => ({
    by: "stsAssumeRole",
    sdkCommand: "AssumeRoleCommand",
    action: "sts:AssumeRole" as const,
    target: { role },
    context: { ...TLS, ...(organizationId ? { "aws:ResourceOrgID": organizationId } : {}) },
  }));
}

/**
 * `OrganizationsAccountDirectory`: the accounts and child units of each unit (in Organization mode, the reconcile
 * coordinator's at each run, the launch and result handlers' through `UnitMembership`, and the monitoring
 * discovery refresh's). The Service Authorization Reference names no resource type for either: `*` only.
 */
export const ORGANIZATION_CALLS: readonly AwsCall[] = [
  {
    by: "OrganizationsAccountDirectory.unitAccounts",
    sdkCommand: "ListAccountsForParentCommand",
    action: "organizations:ListAccountsForParent",
    target: "*",
    context: TLS,
  },
  {
    by: "OrganizationsAccountDirectory.unitAccounts",
    sdkCommand: "ListOrganizationalUnitsForParentCommand",
    action: "organizations:ListOrganizationalUnitsForParent",
    target: "*",
    context: TLS,
  },
];

/** The grant {@link ORGANIZATION_CALLS} need: their actions, on `*` (every function that lists the units shares it). */
export const ORGANIZATION_GRANT = {
  actions: [...new Set(ORGANIZATION_CALLS.map((c) => c.action))],
  resources: ["*"],
} as const;

/** Every call of the package's adapters (the EC2/SSM ones of `awsPorts`, SQS and S3), as the worker makes them. */
export function onboardingAdapterCalls(settings: CallSettings): AwsCall[] {
  return [
    ...INSTANCE_DIRECTORY_CALLS,
    ...instanceTaggerCalls(settings),
    ...NETWORK_INTERFACE_CALLS,
    ...MANAGED_NODES_CALLS,
    ...COMMAND_RUNNER_CALLS,
    ...MESSAGE_QUEUE_CALLS,
    ...CARRY_CALLS,
    ...workQueueCalls("the consumed queue", "the dead-letter queue"),
    ...STATUS_STORE_CALLS,
    ...RESERVATION_LEDGER_CALLS,
    ...memberRoleCalls([`arn:aws:iam::${EXAMPLE_MEMBER_ACCOUNT}:role/fleetwatch-member`]),
    ...ORGANIZATION_CALLS,
  ];
}
