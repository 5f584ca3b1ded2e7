/**
 * ARNs of the shape AWS gives each resource type, so that checks of the offline plan (IAM resource types, the
 * simulator) read what a real deployment would carry. Formats: the Service Authorization Reference's resource
 * types (`arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}`, ...).
 */

/** Where a resource lives: its account and the region of the provider that creates it. */
export interface ArnScope {
  accountId: string;
  region: string;
}

type ArnBuilder = (name: string, inputs: Record<string, unknown>) => string;

const last = (value: unknown) =>
  typeof value === "string" ? (value.split(/[:/]/).pop() ?? value) : "unknown";

/** `<service>:<resource>` per Pulumi type (the region and account are added around it). */
const RESOURCE_PART: Record<string, ArnBuilder> = {
  "aws:lambda/function:Function": (name) => `lambda:function:${name}`,
  "aws:ssm/parameter:Parameter": (name) => `ssm:parameter/${name.replace(/^\//, "")}`,
  "aws:ssm/document:Document": (name) => `ssm:document/${name}`,
  "aws:cloudwatch/eventRule:EventRule": (name, i) =>
    `events:rule/${typeof i.eventBusName === "string" && i.eventBusName !== "default" ? `${last(i.eventBusName)}/` : ""}${name}`,
  "aws:cloudwatch/eventBus:EventBus": (name) => `events:event-bus/${name}`,
  "aws:cloudwatch/logGroup:LogGroup": (name) => `logs:log-group:${name}`,
  "aws:ecs/cluster:Cluster": (name) => `ecs:cluster/${name}`,
  "aws:ecs/service:Service": (name, i) => `ecs:service/${last(i.cluster)}/${name}`,
  "aws:ecs/taskDefinition:TaskDefinition": (name, i) =>
    `ecs:task-definition/${typeof i.family === "string" ? i.family : name}:1`,
  "aws:sqs/queue:Queue": (name) => `sqs:${name}`,
  "aws:servicediscovery/service:Service": (name) => `servicediscovery:service/srv-${slug(name, 16)}`,
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (name) =>
    `servicediscovery:namespace/ns-${slug(name, 16)}`,
  "aws:lb/loadBalancer:LoadBalancer": (name) => `elasticloadbalancing:loadbalancer/app/${name}/${hex(name)}`,
  "aws:lb/targetGroup:TargetGroup": (name) => `elasticloadbalancing:targetgroup/${name}/${hex(name)}`,
  "aws:lb/listener:Listener": (name) =>
    `elasticloadbalancing:listener/app/${name}/${hex(name)}/${hex(`${name}/listener`)}`,
  "aws:lb/listenerRule:ListenerRule": (name) =>
    `elasticloadbalancing:listener-rule/app/${name}/${hex(name)}/${hex(`${name}/listener`)}/${hex(`${name}/rule`)}`,
  "aws:scheduler/schedule:Schedule": (name, i) =>
    `scheduler:schedule/${typeof i.groupName === "string" ? i.groupName : "default"}/${name}`,
  "aws:kms/key:Key": (name) => `kms:key/${hex(name)}`,
  "aws:ec2/securityGroup:SecurityGroup": (name) => `ec2:security-group/sg-${hex(name).slice(0, 17)}`,
  "aws:ec2/vpc:Vpc": (name) => `ec2:vpc/vpc-${hex(name).slice(0, 17)}`,
  "aws:ec2/subnet:Subnet": (name) => `ec2:subnet/subnet-${hex(name).slice(0, 17)}`,
};

/** Regionless and accountless shapes. */
const GLOBAL_ARN: Record<string, ArnBuilder> = {
  "aws:s3/bucket:Bucket": (name) => `arn:aws:s3:::${name}`,
  "aws:s3/bucketV2:BucketV2": (name) => `arn:aws:s3:::${name}`,
};

/** The ARN AWS would give a resource of `type` named `name` in `scope`. */
export function arnOf(type: string, name: string, inputs: Record<string, unknown>, scope: ArnScope): string {
  const global = GLOBAL_ARN[type];
  if (global) return global(name, inputs);
  if (type.startsWith("aws:iam/")) {
    const kind = type.endsWith(":Role")
      ? "role"
      : type.endsWith(":InstanceProfile")
        ? "instance-profile"
        : "policy";
    return `arn:aws:iam::${scope.accountId}:${kind}/${name}`;
  }
  const part = RESOURCE_PART[type]?.(name, inputs);
  if (part) {
    const [service, ...rest] = part.split(":");
    return `arn:aws:${service}:${scope.region}:${scope.accountId}:${rest.join(":")}`;
  }
  const module = type.split(":")[1]?.split("/")[0] ?? "unknown";
  return `arn:aws:${module}:${scope.region}:${scope.accountId}:${module}/${name}`;
}

/** A stable hex string from a name (deterministic plans: the same app gives the same ARNs). */
function hex(name: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const char of name) {
    a = Math.imul(a ^ char.charCodeAt(0), 0x01000193) >>> 0;
    b = Math.imul(b ^ char.charCodeAt(0), 0x811c9dc5) >>> 0;
  }
  return `${a.toString(16).padStart(8, "0")}${b.toString(16).padStart(8, "0")}`;
}

function slug(name: string, length: number): string {
  return hex(name).slice(0, length);
}
