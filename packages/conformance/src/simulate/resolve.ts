import type { PlannedResource } from "../problem.js";
import type { BucketName, ContextValue, PlanValue, Principal, Target } from "./calls.js";
import { jsonInput, type PlanView } from "./plan-view.js";

/** Logical names of the plan resources the symbolic targets point at. */
export interface PlanNames {
  /** The `aws:s3/bucket:Bucket` of each of fleetwatch's buckets, e.g. `{ thanos: "ThanosBucketBucket", ... }`. */
  buckets: Record<BucketName, string>;
  /** The `aws:ec2/securityGroup:SecurityGroup` onboarding attaches (its `vpcId` is the fleetwatch VPC). */
  nodeExporterSecurityGroup: string;
}

/** A principal found in the plan: its role, and the function or task definition that uses it. */
export interface ResolvedPrincipal {
  role: PlannedResource;
  roleArn: string;
  function?: PlannedResource;
  taskDefinition?: PlannedResource;
}

/** Placeholder ids of things the plan cannot know (an instance, an interface, a task). */
const INSTANCE = "instance/i-0123456789abcdef0";
const INTERFACE = "network-interface/eni-0123456789abcdef0";
const SECURITY_GROUP = "security-group/sg-0123456789abcdef0";
const TASK_ID = "0123456789abcdef0123456789abcdef";

/** Finds the role behind a principal, or says what is missing. */
export function resolvePrincipal(view: PlanView, principal: Principal): ResolvedPrincipal | string {
  if ("function" in principal) {
    const fn = view.find("aws:lambda/function:Function", principal.function);
    if (!fn) return `no aws:lambda/function:Function named ${principal.function}`;
    const role = view.roleByArn(fn.inputs.role);
    if (!role) return `${principal.function}'s role ${String(fn.inputs.role)} is not in the plan`;
    return { role, roleArn: view.roleArn(role), function: fn };
  }
  const service = view.find("aws:ecs/service:Service", principal.service);
  if (!service) return `no aws:ecs/service:Service named ${principal.service}`;
  const family = String(service.inputs.taskDefinition ?? "")
    .split(":task-definition/")[1]
    ?.replace(/:\d+$/, "");
  const task = view.ofType("aws:ecs/taskDefinition:TaskDefinition").find((t) => t.inputs.family === family);
  if (!task)
    return `${principal.service}'s task definition ${String(service.inputs.taskDefinition)} is not in the plan`;
  const arn = principal.role === "task" ? task.inputs.taskRoleArn : task.inputs.executionRoleArn;
  const role = view.roleByArn(arn);
  if (!role) return `${principal.service}'s ${principal.role} role ${String(arn)} is not in the plan`;
  return { role, roleArn: view.roleArn(role), taskDefinition: task };
}

interface Container {
  secrets?: { valueFrom?: string }[];
  logConfiguration?: { options?: Record<string, string> };
}

function containers(task: PlannedResource | undefined): Container[] {
  const raw = task?.inputs.containerDefinitions;
  if (typeof raw !== "string") return [];
  try {
    return JSON.parse(raw) as Container[];
  } catch {
    return [];
  }
}

/** The compactor's cluster and service names as a health Lambda is told (its environment). */
function compactorOf(fn: PlannedResource | undefined): { cluster: string; service: string } | undefined {
  const variables = (fn?.inputs.environment as { variables?: Record<string, unknown> } | undefined)
    ?.variables;
  const cluster = variables?.FLEETWATCH_COMPACTOR_CLUSTER;
  const service = variables?.FLEETWATCH_COMPACTOR_SERVICE;
  return typeof cluster === "string" && typeof service === "string" ? { cluster, service } : undefined;
}

/** The environment variable the rollout check reads its cluster's name from (@fleetwatch/audit's ROLLOUT_CLUSTER_ENV). */
const MONITORING_CLUSTER_ENV = "FLEETWATCH_MONITORING_CLUSTER";

/** The monitoring cluster's name as the rollout check is told (its environment). */
function monitoringClusterOf(fn: PlannedResource | undefined): string | undefined {
  const variables = (fn?.inputs.environment as { variables?: Record<string, unknown> } | undefined)
    ?.variables;
  const cluster = variables?.[MONITORING_CLUSTER_ENV];
  return typeof cluster === "string" ? cluster : undefined;
}

function consumedQueue(view: PlanView, fn: PlannedResource | undefined): string | undefined {
  if (!fn) return undefined;
  const name = String(fn.inputs.name ?? fn.name);
  const mapping = view
    .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
    .find((m) => String(m.inputs.functionName ?? "").endsWith(`:function:${name}`));
  return typeof mapping?.inputs.eventSourceArn === "string" ? mapping.inputs.eventSourceArn : undefined;
}

function deadLetterQueue(view: PlanView, queueArn: string | undefined): string | undefined {
  const name = queueArn?.split(":").pop();
  const queue = view.ofType("aws:sqs/queue:Queue").find((q) => q.inputs.name === name);
  const target = jsonInput(queue?.inputs.redrivePolicy)?.deadLetterTargetArn;
  return typeof target === "string" ? target : undefined;
}

function bucketArn(view: PlanView, names: PlanNames, bucket: BucketName): string | undefined {
  const resource = view.find("aws:s3/bucket:Bucket", names.buckets[bucket]);
  const name = resource?.inputs.bucket;
  return typeof name === "string" ? `arn:aws:s3:::${name}` : undefined;
}

function fleetwatchVpc(view: PlanView, names: PlanNames): string | undefined {
  const group = view.find("aws:ec2/securityGroup:SecurityGroup", names.nodeExporterSecurityGroup);
  const vpc = group?.inputs.vpcId;
  return typeof vpc === "string"
    ? view.arn("ec2", `vpc/${vpc}`, view.regionOf(group as PlannedResource))
    : undefined;
}

/**
 * The ARNs a target stands for in the plan, for one principal. Empty when the plan has none (a task without
 * secrets); a string when the target should exist but does not.
 */
export function resolveTarget(
  view: PlanView,
  names: PlanNames,
  who: ResolvedPrincipal,
  target: Target,
): string[] | string {
  const home = view.context.region;
  if (typeof target === "object" && "queue" in target) {
    const queue = view.find("aws:sqs/queue:Queue", target.queue);
    const name = queue?.inputs.name;
    return typeof name === "string"
      ? [view.arn("sqs", name, view.regionOf(queue as PlannedResource))]
      : `no aws:sqs/queue:Queue named ${target.queue}`;
  }
  if (typeof target === "object" && "role" in target) return [target.role];
  if (typeof target === "object") {
    const arn = bucketArn(view, names, target.bucket);
    if (!arn) return `the ${target.bucket} bucket (${names.buckets[target.bucket]}) is not in the plan`;
    return [target.key === undefined ? arn : `${arn}/${target.key}`];
  }
  const compactor = compactorOf(who.function);
  const fnRegion = who.function ? view.regionOf(who.function) : home;
  switch (target) {
    case "*":
      return ["*"];
    case "any instance":
      return view.regions().map((r) => view.arn("ec2", INSTANCE, r));
    case "an interface in the fleetwatch VPC":
      return [view.arn("ec2", INTERFACE)];
    case "the interface's instance":
      return [view.arn("ec2", INSTANCE)];
    case "the node-exporter security group":
      return [view.arn("ec2", SECURITY_GROUP)];
    case "the SSM document":
      return view
        .ofType("aws:ssm/document:Document")
        .map((d) => view.arn("ssm", `document/${String(d.inputs.name ?? d.name)}`, view.regionOf(d)));
    case "AWS-RunShellScript":
      // AWS-owned documents have no account in their ARN; the reference data's pattern needs one, and no policy
      // of fleetwatch names either form.
      return [view.arn("ssm", "document/AWS-RunShellScript")];
    case "the consumed queue": {
      const queue = consumedQueue(view, who.function);
      return queue ? [queue] : "no event source mapping feeds the function";
    }
    case "the dead-letter queue": {
      const dlq = deadLetterQueue(view, consumedQueue(view, who.function));
      return dlq ? [dlq] : "the consumed queue has no dead-letter queue";
    }
    case "the compactor service":
    case "another service of the cluster":
    case "a compactor task": {
      if (!compactor) return "the function is not told the compactor's cluster and service";
      const { cluster, service } = compactor;
      const rest =
        target === "the compactor service"
          ? `service/${cluster}/${service}`
          : target === "a compactor task"
            ? `task/${cluster}/${TASK_ID}`
            : `service/${cluster}/not-${service}`;
      return [view.arn("ecs", rest, fnRegion)];
    }
    case "a monitoring service":
    case "a monitoring task": {
      const cluster = monitoringClusterOf(who.function);
      if (!cluster) return "the function is not told the monitoring cluster";
      const rest =
        target === "a monitoring service" ? `service/${cluster}/Grafana` : `task/${cluster}/${TASK_ID}`;
      return [view.arn("ecs", rest, fnRegion)];
    }
    case "the task's secret parameters":
      return containers(who.taskDefinition).flatMap((c) =>
        (c.secrets ?? []).flatMap((s) => (s.valueFrom ? [s.valueFrom] : [])),
      );
    case "another parameter":
      return [view.arn("ssm", "parameter/not-fleetwatch")];
    case "the task's log streams": {
      const groups = containers(who.taskDefinition).flatMap((c) => {
        const group = c.logConfiguration?.options?.["awslogs-group"];
        return group ? [group] : [];
      });
      const region = who.taskDefinition ? view.regionOf(who.taskDefinition) : home;
      return [...new Set(groups)].map((g) =>
        view.arn("logs", `log-group:${g}:log-stream:fleetwatch/0`, region),
      );
    }
    case "the function's log stream": {
      const group = (who.function?.inputs.loggingConfig as { logGroup?: unknown } | undefined)?.logGroup;
      return typeof group === "string"
        ? [view.arn("logs", `log-group:${group}:log-stream:2026/01/01/[$LATEST]0`, fnRegion)]
        : "the function has no log group";
    }
  }
}

/** A context value as AWS sends it, or what is missing to know it. */
export function resolveContextValue(
  view: PlanView,
  names: PlanNames,
  who: ResolvedPrincipal,
  value: ContextValue,
): string | string[] | { missing: string } {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return [...value];
  const wanted = (value as { plan: PlanValue }).plan;
  const compactor = compactorOf(who.function);
  const region = who.function ? view.regionOf(who.function) : view.context.region;
  switch (wanted) {
    case "the fleetwatch VPC":
      return fleetwatchVpc(view, names) ?? { missing: `${names.nodeExporterSecurityGroup} (its vpcId)` };
    case "another VPC":
      return view.arn("ec2", "vpc/vpc-0fffffffffffffff0");
    case "the compactor's cluster":
      return compactor
        ? view.arn("ecs", `cluster/${compactor.cluster}`, region)
        : { missing: "the compactor's cluster in the function's environment" };
    case "another cluster":
      return view.arn("ecs", "cluster/not-fleetwatch", region);
    case "the monitoring cluster": {
      const cluster = monitoringClusterOf(who.function);
      return cluster
        ? view.arn("ecs", `cluster/${cluster}`, region)
        : { missing: "the monitoring cluster in the function's environment" };
    }
  }
}
