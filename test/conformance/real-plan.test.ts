import type { PlanJson } from "@fleetwatch/sst-offline";
import { planJson } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkCrossResourceRules,
  checkDocumentedRules,
  checkRegistrySchemas,
  formatProblem,
  PULUMI_TO_CFN,
  registrySchemaCoverage,
  type SyncPlanCheck,
  UNMAPPED,
} from "../../packages/conformance/src/index";
import { runStage } from "../infra/harness";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };

/**
 * What the families find in the default dev plan, as `<rule> <resource> <property>`: nothing since the
 * descriptions and grace periods were fixed. A problem the app brings back is named here before it is accepted.
 */
const KNOWN_PROBLEMS: readonly string[] = [];

/** Pulumi types of the default plan the registry schemas check, each on at least one property. */
const SCHEMA_COVERED_TYPES = [
  "aws:appautoscaling/policy:Policy",
  "aws:appautoscaling/target:Target",
  "aws:cloudwatch/eventRule:EventRule",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:ec2/eip:Eip",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  "aws:ecs/service:Service",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:iam/role:Role",
  "aws:lambda/eventSourceMapping:EventSourceMapping",
  "aws:lambda/function:Function",
  "aws:lb/listener:Listener",
  "aws:lb/listenerRule:ListenerRule",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:scheduler/schedule:Schedule",
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
  "aws:servicediscovery/service:Service",
  "aws:sqs/queue:Queue",
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:ssm/document:Document",
  "aws:ssm/parameter:Parameter",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
];

/** Properties whose checks the families exist for: losing one of these is a regression. */
const KEY_SCHEMA_PROPERTIES: Record<string, string[]> = {
  "aws:ec2/securityGroup:SecurityGroup": ["AWS::EC2::SecurityGroup.GroupDescription"],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["AWS::EC2::SecurityGroupIngress.Description"],
  "aws:lb/targetGroup:TargetGroup": ["AWS::ElasticLoadBalancingV2::TargetGroup.Name"],
  "aws:lb/loadBalancer:LoadBalancer": ["AWS::ElasticLoadBalancingV2::LoadBalancer.Name"],
  "aws:sqs/queue:Queue": ["AWS::SQS::Queue.QueueName", "AWS::SQS::Queue.VisibilityTimeout"],
  "aws:cloudwatch/logGroup:LogGroup": ["AWS::Logs::LogGroup.RetentionInDays"],
  "aws:ecs/taskDefinition:TaskDefinition": [
    "AWS::ECS::TaskDefinition.Family",
    "AWS::ECS::TaskDefinition.ContainerDefinitions.HealthCheck.StartPeriod",
  ],
  "aws:lambda/function:Function": ["AWS::Lambda::Function.FunctionName", "AWS::Lambda::Function.Timeout"],
};

const FAMILIES: Record<string, SyncPlanCheck> = {
  registrySchemas: checkRegistrySchemas,
  documentedRules: checkDocumentedRules,
  crossResourceRules: checkCrossResourceRules,
};

let plan: PlanJson["resources"];

beforeAll(async () => {
  plan = planJson(await runStage("dev"), CONTEXT.region).resources;
});

describe("the property, documented and cross-resource families on the default dev plan", () => {
  it("find exactly the known problems", () => {
    const found: string[] = [];
    for (const [family, check] of Object.entries(FAMILIES)) {
      const result = check(plan, CONTEXT);
      expect(result.checks, family).toBeGreaterThan(0);
      for (const p of result.problems) found.push(`${p.rule} ${p.resource} ${p.property}`);
      // On failure, the full problems say what changed.
      if (result.problems.length > 0) console.log(result.problems.map(formatProblem).join("\n"));
    }
    expect(found.sort()).toEqual([...KNOWN_PROBLEMS].sort());
  });

  it("map or explicitly leave out every type of the plan", () => {
    const types = [...new Set(plan.map((r) => r.type))];
    const neither = types.filter((t) => !(t in PULUMI_TO_CFN) && !(t in UNMAPPED));
    expect(neither).toEqual([]);
  });

  it("check the listed types and key properties against the registry schemas", () => {
    const coverage = registrySchemaCoverage(plan);
    expect(Object.keys(coverage).sort()).toEqual([...SCHEMA_COVERED_TYPES].sort());
    for (const [type, properties] of Object.entries(KEY_SCHEMA_PROPERTIES))
      expect(coverage[type], type).toEqual(expect.arrayContaining(properties));
  });
});
