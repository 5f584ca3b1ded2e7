import type { PlannedResource, SyncPlanCheck } from "../problem.js";
import { type RuleRef, Tally } from "../tally.js";

/** A name rule: which input of which type, and what AWS accepts there. */
interface NameRule {
  type: string;
  input: "name" | "namePrefix" | "bucket";
  rule: RuleRef;
  maxLength: number;
  minLength?: number;
  /** What the name may hold, and how to say it. */
  pattern?: { test: RegExp; says: string };
}

const LB_NAME = {
  test: /^(?!-)[a-zA-Z0-9-]*(?<!-)$/,
  says: "only alphanumerics and hyphens, not starting or ending with a hyphen",
};
const IAM_NAME = { test: /^[\w+=,.@-]*$/, says: "only alphanumerics and _+=,.@-" };
const S3_NAME = {
  test: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
  says: "only lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit",
};

const rule = (id: string, source: string): RuleRef => ({ id, ruleClass: "documented", source });

const LB_NAME_RULE = rule(
  "lb-name",
  "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (Name)",
);
const TG_NAME_RULE = rule(
  "target-group-name",
  "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html (Name)",
);
const TG_PREFIX_RULE = rule(
  "target-group-name-prefix",
  "https://www.pulumi.com/registry/packages/aws/api-docs/lb/targetgroup/ (namePrefix: at most 6 characters)",
);
const IAM_ROLE_RULE = rule(
  "iam-role-name",
  "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName)",
);
const S3_BUCKET_RULE = rule(
  "s3-bucket-name",
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
);
const lengthRule = (what: string, source: string) => rule(`${what}-name-length`, source);

/**
 * Names AWS limits, checked on the physical names the plan shows: SST appends `-<8 random characters>` to the
 * logical name, so these are the lengths AWS will see.
 */
export const NAME_RULES: readonly NameRule[] = [
  {
    type: "aws:lb/loadBalancer:LoadBalancer",
    input: "name",
    rule: LB_NAME_RULE,
    maxLength: 32,
    pattern: LB_NAME,
  },
  {
    type: "aws:lb/targetGroup:TargetGroup",
    input: "name",
    rule: TG_NAME_RULE,
    maxLength: 32,
    pattern: LB_NAME,
  },
  // The provider adds 26 characters to the prefix; the hyphen rules apply to the name that results.
  {
    type: "aws:lb/targetGroup:TargetGroup",
    input: "namePrefix",
    rule: TG_PREFIX_RULE,
    maxLength: 6,
    pattern: {
      test: /^(?!-)[a-zA-Z0-9-]*$/,
      says: "only alphanumerics and hyphens, not starting with a hyphen",
    },
  },
  { type: "aws:iam/role:Role", input: "name", rule: IAM_ROLE_RULE, maxLength: 64, pattern: IAM_NAME },
  {
    type: "aws:s3/bucket:Bucket",
    input: "bucket",
    rule: S3_BUCKET_RULE,
    minLength: 3,
    maxLength: 63,
    pattern: S3_NAME,
  },
  {
    type: "aws:lambda/function:Function",
    input: "name",
    rule: lengthRule(
      "lambda",
      "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName)",
    ),
    maxLength: 64,
  },
  {
    type: "aws:sqs/queue:Queue",
    input: "name",
    rule: lengthRule(
      "sqs",
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (QueueName)",
    ),
    maxLength: 80,
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    input: "name",
    rule: lengthRule(
      "log-group",
      "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (logGroupName)",
    ),
    maxLength: 512,
  },
  {
    type: "aws:ecs/service:Service",
    input: "name",
    rule: lengthRule(
      "ecs-service",
      "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html (serviceName)",
    ),
    maxLength: 255,
  },
  {
    type: "aws:ecs/cluster:Cluster",
    input: "name",
    rule: lengthRule(
      "ecs-cluster",
      "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html (clusterName)",
    ),
    maxLength: 255,
  },
  {
    type: "aws:scheduler/schedule:Schedule",
    input: "name",
    rule: lengthRule(
      "schedule",
      "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html (Name)",
    ),
    maxLength: 64,
  },
];

function breaks(value: string, r: NameRule): string | undefined {
  if (value.length > r.maxLength)
    return `${JSON.stringify(value)} has ${value.length} characters, more than ${r.maxLength}`;
  if (r.minLength !== undefined && value.length < r.minLength)
    return `${JSON.stringify(value)} has ${value.length} characters, fewer than ${r.minLength}`;
  if (r.pattern && !r.pattern.test.test(value)) return `${JSON.stringify(value)} must hold ${r.pattern.says}`;
  return undefined;
}

/** Physical names against the lengths and characters AWS documents for them. */
export const checkNames: SyncPlanCheck = (plan) => {
  const tally = new Tally();
  const byType = new Map<string, PlannedResource[]>();
  for (const r of plan) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const r of NAME_RULES)
    for (const resource of byType.get(r.type) ?? []) {
      const value = resource.inputs[r.input];
      if (typeof value === "string") tally.check(r.rule, resource, r.input, breaks(value, r));
    }
  return tally.result;
};
