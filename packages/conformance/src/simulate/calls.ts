// The calls a workload makes, as data: what the IAM simulator replays against the plan's policies. Every target
// and every context value that depends on the deployment is symbolic here and resolved against the plan.

/** An IAM action in its exact case, e.g. `s3:ListBucket`. */
export type IamAction = `${string}:${string}`;

/** fleetwatch's two buckets. */
export type BucketName = "thanos" | "state";

/**
 * What a call acts on. Resolved against the plan: a string names one thing (or one per onboarded region), an
 * object names a bucket or one of its keys.
 */
export type Target =
  /** Actions AWS authorizes on `*` only (and ListTasks: see the conformance note). */
  | "*"
  /** An EC2 instance in each onboarded region. */
  | "any instance"
  /** The primary interface of an instance in the fleetwatch VPC (home region). */
  | "an interface in the fleetwatch VPC"
  /** The instance that interface is attached to (ModifyNetworkInterfaceAttribute authorizes it too). */
  | "the interface's instance"
  /** fleetwatch's node-exporter security group (the group set onboarding writes). */
  | "the node-exporter security group"
  /** fleetwatch's Command document, in each onboarded region. */
  | "the SSM document"
  /** AWS's own `AWS-RunShellScript` document, in the home region (never fleetwatch's to send). */
  | "AWS-RunShellScript"
  /** The queue the function's event source mapping reads. */
  | "the consumed queue"
  /** The consumed queue's dead-letter queue (its redrive policy). */
  | "the dead-letter queue"
  /** The compactor's ECS service, as the health Lambdas are told (their environment). */
  | "the compactor service"
  /** Another service of the compactor's cluster. */
  | "another service of the cluster"
  /** A task of the compactor's cluster. */
  | "a compactor task"
  /** A service of the monitoring cluster, as the rollout check is told (its environment). */
  | "a monitoring service"
  /** A task of the monitoring cluster. */
  | "a monitoring task"
  /** The SSM parameters the task definition injects (`secrets[].valueFrom`). */
  | "the task's secret parameters"
  /** An SSM parameter the task definition does not inject. */
  | "another parameter"
  /** A log stream in each log group the task's containers write to (`awslogs-group`). */
  | "the task's log streams"
  /** A log stream in the function's log group. */
  | "the function's log stream"
  /** A bucket itself (`key` absent) or one object key of it. */
  | { bucket: BucketName; key?: string }
  /** A queue by the logical name of its `aws:sqs/queue:Queue` (a queue the principal sends to, not consumes). */
  | { queue: string }
  /** An IAM role by its ARN (a member account's role, which no resource of the plan creates). */
  | { role: string };

/** A context value known only from the plan. */
export type PlanValue =
  /** The ARN of the fleetwatch VPC (the node-exporter group's VPC). */
  | "the fleetwatch VPC"
  /** The ARN of a VPC that is not fleetwatch's. */
  | "another VPC"
  /** The ARN of the compactor's cluster. */
  | "the compactor's cluster"
  /** The ARN of a cluster that is not the compactor's. */
  | "another cluster"
  /** The ARN of the monitoring cluster, as the rollout check is told (its environment). */
  | "the monitoring cluster";

/** A context value as AWS would send it: literal, or resolved from the plan. */
export type ContextValue = string | readonly string[] | { plan: PlanValue };

/** One AWS call a workload makes. */
export interface AwsCall {
  /** Who makes it: an adapter method (`Ec2InstanceTagger.tag`) or a program (`thanos sidecar upload`). */
  by: string;
  /** The SDK v3 command the adapter sends, e.g. `ListObjectsV2Command`; absent for calls of other programs. */
  sdkCommand?: string;
  /** The IAM action AWS authorizes (`ListObjectsV2Command` -> `s3:ListBucket`). */
  action: IamAction;
  target: Target;
  /** The request context keys AWS sets for this call (global and service keys). */
  context?: Readonly<Record<string, ContextValue>>;
}

/** A call the plan's policies must refuse, with why. */
export interface Refusal extends Omit<AwsCall, "sdkCommand"> {
  reason: string;
}

/** Whose credentials make the calls: a Lambda's role, or an ECS task's task or execution role. */
export type Principal =
  /** The logical name of the `aws:lambda/function:Function`, e.g. `OnboardingLaunchFunction`. */
  | { function: string }
  /** The logical name of the `aws:ecs/service:Service` and which of its task definition's roles. */
  | { service: string; role: "task" | "execution" };

/** A workload: one principal, the calls it must be allowed and the calls it must be refused. */
export interface Workload {
  /** A short name for messages, e.g. `OnboardingLaunch` or `ThanosCompactor task`. */
  name: string;
  principal: Principal;
  calls: readonly AwsCall[];
  refusals?: readonly Refusal[];
}

/** The TLS context every SDK and CLI request carries (the buckets' policies deny anything else). */
export const TLS = { "aws:SecureTransport": "true" } as const;

/** The same call without TLS. */
export function withoutTls<T extends AwsCall | Refusal>(call: T): T {
  return { ...call, context: { ...call.context, "aws:SecureTransport": "false" } };
}
