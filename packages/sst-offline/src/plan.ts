import type { PlanContext, PlannedResource } from "@fleetwatch/conformance";
import { providerName } from "./mocks.js";
import type { AppRun } from "./run-app.js";

/** The account the offline run pretends to be (the mocks' caller identity). */
export const OFFLINE_ACCOUNT_ID = "123456789012";

/** The recorded cloud resources as the conformance checks read them, each with its provider's region. */
export function plannedResources(run: AppRun): PlannedResource[] {
  const regions = new Map<string, string>();
  for (const p of run.graph.ofType("pulumi:providers:aws"))
    if (typeof p.inputs.region === "string") regions.set(p.name, p.inputs.region);
  return run.graph.cloud.map((r) => {
    const region = r.provider ? regions.get(providerName(r.provider)) : undefined;
    return { type: r.type, name: r.name, inputs: r.inputs, ...(region ? { region } : {}) };
  });
}

/** The account and home region the offline run pretends to be. */
export function planContext(run: AppRun): PlanContext {
  const region = (run.app.providers.aws as { region?: string } | undefined)?.region ?? "us-east-1";
  return { accountId: OFFLINE_ACCOUNT_ID, region };
}

/** The plan as JSON: what `sst deploy` would create for a stage. */
export interface PlanJson {
  stage: string;
  region: string;
  removal: string;
  protect: boolean;
  /** What `sst remove` would do to the stage, in words (see {@link removalMeaning}). */
  removalMeaning: string;
  resources: PlanResource[];
}

/** A cloud resource of the plan. */
export interface PlanResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** For an IAM role: what assumes it, e.g. `HealthAuditFunction (Lambda)` (see {@link roleUsers}). */
  usedBy?: string[];
}

type Inputs = Record<string, unknown>;
type Summarizer = (inputs: Inputs) => (string | undefined)[];

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

function policyActions(policy: unknown): string[] {
  if (typeof policy !== "string") return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: { Effect?: string; Action?: string | string[] }[] };
    return (doc.Statement ?? []).flatMap((s) => {
      const actions = Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [];
      return actions.map((a) => (s.Effect === "Deny" ? `deny ${a}` : a));
    });
  } catch {
    return ["(unparsed policy)"];
  }
}

function rules(kind: string, v: unknown): string | undefined {
  const items = Array.isArray(v) ? (v as Inputs[]) : [];
  if (items.length === 0) return undefined;
  return `${kind} ${items
    .map((r) => {
      const ports = r.fromPort === r.toPort ? String(r.fromPort) : `${r.fromPort}-${r.toPort}`;
      const from = [...list(r.cidrBlocks), ...list(r.securityGroups)].join("+") || (r.self ? "self" : "?");
      return `${r.protocol === "-1" ? "all" : `${r.protocol}/${ports}`} ${from}`;
    })
    .join(", ")}`;
}

/** The settings that matter per resource type: sizes, ports, public or private, IAM actions. */
const SUMMARIES: Record<string, Summarizer> = {
  "aws:s3/bucket:Bucket": (i) => [i.forceDestroy ? "force-destroy" : "kept when not empty"],
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (i) => [
    i.blockPublicAcls && i.blockPublicPolicy && i.ignorePublicAcls && i.restrictPublicBuckets
      ? "all public access blocked"
      : "PUBLIC ACCESS ALLOWED",
  ],
  "aws:s3/bucketPolicy:BucketPolicy": (i) => [policyActions(i.policy).join(" ")],
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (i) => {
    const rule = (i.rules as Inputs[] | undefined)?.[0] as Inputs | undefined;
    const sse = rule?.applyServerSideEncryptionByDefault as Inputs | undefined;
    return [`sse ${str(sse?.sseAlgorithm)}`];
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (i) =>
    ((i.rules as Inputs[]) ?? []).map((r) => str(r.id)),
  "aws:ec2/vpc:Vpc": (i) => [str(i.cidrBlock)],
  "aws:ec2/subnet:Subnet": (i) => [
    str(i.cidrBlock),
    str(i.availabilityZone),
    i.mapPublicIpOnLaunch ? "public" : "private",
  ],
  "aws:ec2/natGateway:NatGateway": () => ["managed NAT"],
  "aws:ec2/instance:Instance": (i) => [
    str(i.instanceType),
    i.associatePublicIpAddress ? "public ip" : undefined,
  ],
  "aws:ec2/vpcEndpoint:VpcEndpoint": (i) => [str(i.vpcEndpointType), str(i.serviceName)],
  "aws:ec2/securityGroup:SecurityGroup": (i) => [rules("in", i.ingress), rules("out", i.egress)],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (i) => [
    rules("in", i.ingress),
    rules("out", i.egress),
  ],
  "aws:iam/rolePolicy:RolePolicy": (i) => [policyActions(i.policy).join(" ")],
  "aws:iam/policy:Policy": (i) => [policyActions(i.policy).join(" ")],
  "aws:iam/role:Role": (i) => [`assumed by ${policyPrincipals(i.assumeRolePolicy)}`],
  "aws:lambda/function:Function": (i) => [str(i.runtime), `${str(i.memorySize)} MB`, `${str(i.timeout)} s`],
  "aws:ecs/taskDefinition:TaskDefinition": (i) => [
    `cpu ${str(i.cpu)}`,
    `mem ${str(i.memory)}`,
    (i.ephemeralStorage as Inputs | undefined)?.sizeInGib
      ? `disk ${(i.ephemeralStorage as Inputs).sizeInGib} GiB`
      : undefined,
  ],
  "aws:ecs/service:Service": (i) => {
    const network = i.networkConfiguration as Inputs | undefined;
    return [
      `desired ${str(i.desiredCount)}`,
      i.deploymentMinimumHealthyPercent === undefined
        ? undefined
        : `deploy ${str(i.deploymentMinimumHealthyPercent)}-${str(i.deploymentMaximumPercent)}%`,
      network?.assignPublicIp ? "public ip" : undefined,
    ];
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (i) => [
    `in ${str(i.ipProtocol)}/${str(i.fromPort)} from ${str(i.referencedSecurityGroupId ?? i.cidrIpv4)}`,
  ],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (i) => [
    `out ${i.ipProtocol === "-1" ? "all" : `${str(i.ipProtocol)}/${str(i.fromPort)}`} to ${str(i.cidrIpv4 ?? i.referencedSecurityGroupId)}`,
  ],
  "aws:lb/listener:Listener": (i) => [
    `${str(i.protocol)} ${str(i.port)}`,
    i.certificateArn ? "TLS" : undefined,
  ],
  "aws:s3/bucketObjectv2:BucketObjectv2": (i) => [str(i.key)],
  "aws:ssm/parameter:Parameter": (i) => [str(i.type), str(i.name)],
  "aws:lb/loadBalancer:LoadBalancer": (i) => [
    i.internal === false ? "PUBLIC" : "internal",
    str(i.loadBalancerType),
  ],
  "aws:sqs/queue:Queue": (i) => [
    i.visibilityTimeoutSeconds ? `visibility ${i.visibilityTimeoutSeconds}s` : undefined,
  ],
  "aws:cloudwatch/logGroup:LogGroup": (i) => [
    i.retentionInDays ? `${i.retentionInDays} days` : "kept forever",
  ],
  "aws:scheduler/schedule:Schedule": (i) => [str(i.scheduleExpression), str(i.scheduleExpressionTimezone)],
  "aws:cloudformation/stackSet:StackSet": (i) => [
    str(i.permissionModel),
    (i.autoDeployment as Inputs | undefined)?.enabled ? "auto-deployed" : undefined,
    i.callAs ? `call as ${str(i.callAs)}` : undefined,
  ],
  "aws:cloudformation/stackSetInstance:StackSetInstance": (i) => [
    ...list((i.deploymentTargets as Inputs | undefined)?.organizationalUnitIds),
    i.accountId ? `account ${str(i.accountId)}` : undefined,
    str(i.stackSetInstanceRegion),
  ],
  "aws:cloudwatch/eventBusPolicy:EventBusPolicy": (i) => [
    `${str(i.eventBusName)} bus: ${policyActions(i.policy).join(" ")}`,
  ],
};

/** The principals a trust policy names; the policy is JSON text or, as Pulumi also takes it, an object. */
function policyPrincipals(policy: unknown): string {
  let doc: { Statement?: { Principal?: unknown }[] };
  try {
    doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as typeof doc;
  } catch {
    return "?";
  }
  if (typeof doc !== "object" || doc === null || !Array.isArray(doc.Statement)) return "?";
  return doc.Statement.flatMap((s) =>
    s.Principal && typeof s.Principal === "object" ? Object.values(s.Principal).flat() : [],
  ).join(",");
}

/** A one-line description of what matters about a resource. */
export function summarize(type: string, inputs: Inputs): string {
  const summarizer = SUMMARIES[type];
  return summarizer ? summarizer(inputs).filter(Boolean).join("; ") : "";
}

/**
 * What `sst remove` does to a stage, in words: SST's `removal` (`remove` deletes everything, `retain` keeps
 * buckets and their data, `retain-all` keeps everything), `protect`, and whether the buckets are force-destroyed.
 */
export function removalMeaning(
  removal: string,
  protect: boolean,
  buckets: readonly { name: string; forceDestroy: boolean }[],
): string {
  const protectedNote = protect ? "; resources are protected (`sst remove` refuses the stage)" : "";
  if (removal === "retain-all")
    return `removal: retain-all — every resource stays after \`sst remove\`${protectedNote}`;
  if (removal === "retain")
    return `removal: retain — buckets and data stay after \`sst remove\`${protectedNote}`;
  const kept = buckets.filter((b) => !b.forceDestroy).map((b) => b.name);
  const what =
    kept.length === 0
      ? "buckets included (force-destroyed with their data)"
      : `but ${kept.join(", ")} fail${kept.length === 1 ? "s" : ""} to delete unless empty (not force-destroyed)`;
  return `removal: ${removal} — \`sst remove\` deletes everything, ${what}${protectedNote}`;
}

function runRemovalMeaning(run: AppRun): string {
  const buckets = run.graph
    .ofType("aws:s3/bucket:Bucket")
    .map((b) => ({ name: b.name, forceDestroy: b.inputs.forceDestroy === true }));
  return removalMeaning(run.app.removal, run.app.protect, buckets);
}

/** The role ARNs a resource names, each with what it uses the role as. */
function roleReferences(r: Omit<PlanResource, "usedBy">): [as: string, arn: unknown][] {
  switch (r.type) {
    case "aws:lambda/function:Function":
      return [["Lambda", r.inputs.role]];
    case "aws:ecs/taskDefinition:TaskDefinition":
      return [
        ["task role", r.inputs.taskRoleArn],
        ["execution role", r.inputs.executionRoleArn],
      ];
    case "aws:scheduler/schedule:Schedule":
      return [["schedule", (r.inputs.target as Inputs | undefined)?.roleArn]];
    default:
      return [];
  }
}

/** The name in a role ARN, `arn:aws:iam::123456789012:role/path/name` -> `name`. */
const roleNameOf = (arn: unknown) =>
  typeof arn === "string" ? /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1] : undefined;

/**
 * Who assumes each IAM role of the plan, by the role's logical name: the Lambda functions whose `role`, the ECS
 * task definitions whose `taskRoleArn` or `executionRoleArn` (with the service that runs them: SST names them
 * `<X>Task` and `<X>Service`), and the schedules whose target `roleArn` is the role's ARN.
 */
export function roleUsers(resources: readonly Omit<PlanResource, "usedBy">[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  const roleByName = new Map<string, string>();
  for (const r of resources.filter((r) => r.type === "aws:iam/role:Role")) {
    users.set(r.name, []);
    if (typeof r.inputs.name === "string") roleByName.set(r.inputs.name, r.name);
  }
  const services = new Set(resources.filter((r) => r.type === "aws:ecs/service:Service").map((r) => r.name));
  for (const r of resources) {
    const service = r.name.endsWith("Task") ? r.name.replace(/Task$/, "Service") : undefined;
    const runBy = service && services.has(service) ? `, ${service}` : "";
    for (const [as, arn] of roleReferences(r)) {
      const role = roleByName.get(roleNameOf(arn) ?? "");
      if (role === undefined) continue;
      users.get(role)?.push(`${r.name} (${as}${as.endsWith("role") ? runBy : ""})`);
    }
  }
  return users;
}

/** The plan of a run as JSON (cloud resources only; components are wiring, not resources). */
export function planJson(run: AppRun, region: string): PlanJson {
  const resources: PlanResource[] = run.graph.cloud.map((r) => ({
    type: r.type,
    name: r.name,
    inputs: r.inputs,
  }));
  const users = roleUsers(resources);
  return {
    stage: run.stage,
    region,
    removal: run.app.removal,
    protect: run.app.protect,
    removalMeaning: runRemovalMeaning(run),
    resources: resources.map((r) => {
      const usedBy = users.get(r.name);
      return r.type === "aws:iam/role:Role" && usedBy ? { ...r, usedBy } : r;
    }),
  };
}

/** The plan as a readable table. */
export function planTable(run: AppRun, region: string): string {
  const users = roleUsers(run.graph.cloud);
  const rows = run.graph.cloud.map((r) => {
    const flags = [r.options.protect ? "protected" : "", r.options.retainOnDelete ? "retained" : ""].filter(
      Boolean,
    );
    const roleUse = users.get(r.name);
    const used =
      r.type !== "aws:iam/role:Role" || roleUse === undefined
        ? ""
        : roleUse.length > 0
          ? `used by ${roleUse.join(", ")}`
          : "used by nothing in the plan";
    return [
      r.type.replace(/^aws:/, ""),
      r.name,
      [summarize(r.type, r.inputs), used, ...flags].filter(Boolean).join("; "),
    ];
  });
  const widths = [0, 1].map((c) => Math.max(...rows.map((row) => (row[c] ?? "").length), 8));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell))
      .join("  ")
      .trimEnd();
  const counts = run.graph.countByType();
  return [
    `fleetwatch plan: stage "${run.stage}", region ${region}, removal ${run.app.removal}${run.app.protect ? ", protected" : ""}`,
    runRemovalMeaning(run),
    "",
    line(["TYPE", "NAME", "SETTINGS"]),
    ...rows.map(line),
    "",
    `${rows.length} resources (${Object.keys(counts).length} types) would be created. Nothing was sent to AWS.`,
  ].join("\n");
}

/** What the cost estimate needs to know of the resources a run would create. */
export interface PlannedUsage {
  tasks: { name: string; count: number; vcpu: number; memoryGb: number; storageGb: number }[];
  loadBalancers: number;
  natGateways: number;
  natInstances: number;
  publicIpv4Addresses: number;
  lambdaMemoryMb: number[];
}

/**
 * Counts what costs money in a run: each ECS service's task size times its desired count (SST names a service
 * `<X>Service` and its task definition `<X>Task`), load balancers, NAT, public IPv4 addresses, Lambdas.
 */
export function plannedUsage(run: AppRun): PlannedUsage {
  const graph = run.graph;
  const services = graph.ofType("aws:ecs/service:Service");
  const tasks = services.map((service) => {
    const base = service.name.replace(/Service$/, "");
    const task = graph.one("aws:ecs/taskDefinition:TaskDefinition", `${base}Task`).inputs;
    const storage = (task.ephemeralStorage as Inputs | undefined)?.sizeInGib;
    return {
      name: base,
      count: Number(service.inputs.desiredCount ?? 1),
      vcpu: Number(task.cpu) / 1024,
      memoryGb: Number(task.memory) / 1024,
      storageGb: storage === undefined ? 20 : Number(storage),
    };
  });
  const taskPublicIps = services
    .filter((s) => (s.inputs.networkConfiguration as Inputs | undefined)?.assignPublicIp === true)
    .reduce((sum, s) => sum + Number(s.inputs.desiredCount ?? 1), 0);
  const natInstances = graph.ofType("aws:ec2/instance:Instance");
  return {
    tasks,
    loadBalancers: graph.ofType("aws:lb/loadBalancer:LoadBalancer").length,
    natGateways: graph.ofType("aws:ec2/natGateway:NatGateway").length,
    natInstances: natInstances.length,
    publicIpv4Addresses:
      graph.ofType("aws:ec2/eip:Eip").length +
      natInstances.filter((i) => i.inputs.associatePublicIpAddress === true).length +
      taskPublicIps,
    lambdaMemoryMb: graph
      .ofType("aws:lambda/function:Function")
      .map((f) => Number(f.inputs.memorySize ?? 128)),
  };
}
