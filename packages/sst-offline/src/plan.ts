import type { AppRun } from "./run-app.js";

/** The plan as JSON: what `sst deploy` would create for a stage. */
export interface PlanJson {
  stage: string;
  region: string;
  removal: string;
  protect: boolean;
  resources: { type: string; name: string; inputs: Record<string, unknown> }[];
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
};

function policyPrincipals(policy: unknown): string {
  if (typeof policy !== "string") return "?";
  try {
    const doc = JSON.parse(policy) as { Statement?: { Principal?: unknown }[] };
    return (doc.Statement ?? [])
      .flatMap((s) =>
        s.Principal && typeof s.Principal === "object" ? Object.values(s.Principal).flat() : [],
      )
      .join(",");
  } catch {
    return "?";
  }
}

/** A one-line description of what matters about a resource. */
export function summarize(type: string, inputs: Inputs): string {
  const summarizer = SUMMARIES[type];
  return summarizer ? summarizer(inputs).filter(Boolean).join("; ") : "";
}

/** The plan of a run as JSON (cloud resources only; components are wiring, not resources). */
export function planJson(run: AppRun, region: string): PlanJson {
  return {
    stage: run.stage,
    region,
    removal: run.app.removal,
    protect: run.app.protect,
    resources: run.graph.cloud.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })),
  };
}

/** The plan as a readable table. */
export function planTable(run: AppRun, region: string): string {
  const rows = run.graph.cloud.map((r) => {
    const flags = [r.options.protect ? "protected" : "", r.options.retainOnDelete ? "retained" : ""].filter(
      Boolean,
    );
    return [
      r.type.replace(/^aws:/, ""),
      r.name,
      [summarize(r.type, r.inputs), ...flags].filter(Boolean).join("; "),
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
