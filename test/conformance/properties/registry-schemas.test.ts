import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../packages/conformance/src/problem";
import { checkRegistrySchemas } from "../../../packages/conformance/src/properties/registry-schemas";
import {
  loadRegistrySpec,
  type SpecShape,
  type SpecType,
} from "../../../packages/conformance/src/properties/spec";
import { PULUMI_TO_CFN } from "../../../packages/conformance/src/properties/type-map";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };

/** A small valid plan: one resource of each type the tests plant bad values in. */
function validPlan(): PlannedResource[] {
  return [
    {
      type: "aws:ec2/securityGroup:SecurityGroup",
      name: "GrafanaSecurityGroup",
      inputs: { description: "fleetwatch Grafana tasks", vpcId: "vpc-1" },
    },
    {
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      name: "GrafanaFromLoadBalancer3000",
      inputs: {
        description: "load balancer to Grafana",
        fromPort: 3000,
        toPort: 3000,
        ipProtocol: "tcp",
        securityGroupId: "sg-1",
        referencedSecurityGroupId: "sg-2",
      },
    },
    {
      type: "aws:lb/targetGroup:TargetGroup",
      name: "GrafanaTarget",
      inputs: {
        name: "fleetwatch-grafana",
        port: 3000,
        protocol: "HTTP",
        targetType: "ip",
        healthCheck: {
          interval: 30,
          timeout: 5,
          healthyThreshold: 5,
          unhealthyThreshold: 2,
          path: "/api/health",
        },
      },
    },
    {
      type: "aws:sqs/queue:Queue",
      name: "LaunchQueue",
      inputs: {
        name: "fleetwatch-dev-LaunchQueue-abcdefgh",
        visibilityTimeoutSeconds: 900,
        receiveWaitTimeSeconds: 0,
      },
    },
    {
      type: "aws:cloudwatch/logGroup:LogGroup",
      name: "Logs",
      inputs: { name: "/aws/lambda/x", retentionInDays: 30 },
    },
    {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "GrafanaTask",
      inputs: {
        family: "fleetwatch-dev-Grafana",
        cpu: "256",
        memory: "512",
        containerDefinitions: JSON.stringify([
          {
            name: "grafana",
            image: "grafana/grafana",
            healthCheck: { command: ["CMD"], interval: 30, startPeriod: 60 },
          },
        ]),
      },
    },
    {
      type: "aws:lambda/function:Function",
      name: "AuditFunction",
      inputs: {
        name: "fleetwatch-dev-Audit-abcdefgh",
        timeout: 120,
        packageType: "Zip",
        ephemeralStorage: { size: 512 },
      },
    },
  ];
}

/** The valid plan with one input of one resource replaced. */
function planted(resource: string, set: (inputs: Record<string, unknown>) => void): PlannedResource[] {
  const plan = validPlan();
  const target = plan.find((r) => r.name === resource);
  if (!target) throw new Error(`no ${resource} in the valid plan`);
  set(target.inputs);
  return plan;
}

describe("checkRegistrySchemas", () => {
  it("finds nothing in the valid plan and counts a check per value and rule", () => {
    const result = checkRegistrySchemas(validPlan(), CONTEXT);
    expect(result.problems).toEqual([]);
    expect(result.checks).toBeGreaterThan(30);
  });

  it.each([
    {
      what: "an apostrophe in a security group description",
      resource: "GrafanaSecurityGroup",
      set: (i: Record<string, unknown>) => {
        i.description = "fleetwatch Grafana's tasks";
      },
      property: "description",
      rule: "schema-charset",
      cfn: "AWS::EC2::SecurityGroup.GroupDescription",
    },
    {
      what: "a 256-character security group description",
      resource: "GrafanaSecurityGroup",
      set: (i: Record<string, unknown>) => {
        i.description = "x".repeat(256);
      },
      property: "description",
      rule: "schema-max-length",
      cfn: "AWS::EC2::SecurityGroup.GroupDescription",
    },
    {
      what: "an ampersand in a rule description (allowed in a group's)",
      resource: "GrafanaFromLoadBalancer3000",
      set: (i: Record<string, unknown>) => {
        i.description = "load balancer & Grafana";
      },
      property: "description",
      rule: "schema-charset",
      cfn: "AWS::EC2::SecurityGroupIngress.Description",
    },
    {
      what: "a 33-character target group name",
      resource: "GrafanaTarget",
      set: (i: Record<string, unknown>) => {
        i.name = "a".repeat(33);
      },
      property: "name",
      rule: "schema-max-length",
      cfn: "AWS::ElasticLoadBalancingV2::TargetGroup.Name",
    },
    {
      what: "an underscore in a target group name prefix",
      resource: "GrafanaTarget",
      set: (i: Record<string, unknown>) => {
        i.name = undefined;
        i.namePrefix = "HTTP_";
      },
      property: "namePrefix",
      rule: "schema-charset",
      cfn: "AWS::ElasticLoadBalancingV2::TargetGroup.Name",
    },
    {
      what: "a health check interval over 300 seconds",
      resource: "GrafanaTarget",
      set: (i: Record<string, unknown>) => {
        i.healthCheck = { interval: 301 };
      },
      property: "healthCheck.interval",
      rule: "schema-range",
      cfn: "AWS::ElasticLoadBalancingV2::TargetGroup.HealthCheckIntervalSeconds",
    },
    {
      what: "a visibility timeout over 12 hours",
      resource: "LaunchQueue",
      set: (i: Record<string, unknown>) => {
        i.visibilityTimeoutSeconds = 43_201;
      },
      property: "visibilityTimeoutSeconds",
      rule: "schema-range",
      cfn: "AWS::SQS::Queue.VisibilityTimeout",
    },
    {
      what: "a long-poll wait over 20 seconds (the corrected range)",
      resource: "LaunchQueue",
      set: (i: Record<string, unknown>) => {
        i.receiveWaitTimeSeconds = 21;
      },
      property: "receiveWaitTimeSeconds",
      rule: "schema-range",
      cfn: "AWS::SQS::Queue.ReceiveMessageWaitTimeSeconds",
    },
    {
      what: "a log retention CloudWatch does not offer",
      resource: "Logs",
      set: (i: Record<string, unknown>) => {
        i.retentionInDays = 31;
      },
      property: "retentionInDays",
      rule: "schema-enum",
      cfn: "AWS::Logs::LogGroup.RetentionInDays",
    },
    {
      what: "a string where the schema takes an integer",
      resource: "LaunchQueue",
      set: (i: Record<string, unknown>) => {
        i.visibilityTimeoutSeconds = "900";
      },
      property: "visibilityTimeoutSeconds",
      rule: "schema-type",
      cfn: "AWS::SQS::Queue.VisibilityTimeout",
    },
    {
      what: "a container health check start period over 300 seconds (inside the JSON text)",
      resource: "GrafanaTask",
      set: (i: Record<string, unknown>) => {
        i.containerDefinitions = JSON.stringify([{ name: "grafana", healthCheck: { startPeriod: 301 } }]);
      },
      property: "containerDefinitions[0].healthCheck.startPeriod",
      rule: "schema-range",
      cfn: "AWS::ECS::TaskDefinition.ContainerDefinitions.HealthCheck.StartPeriod",
    },
    {
      what: "a task family with a space",
      resource: "GrafanaTask",
      set: (i: Record<string, unknown>) => {
        i.family = "fleetwatch dev";
      },
      property: "family",
      rule: "schema-charset",
      cfn: "AWS::ECS::TaskDefinition.Family",
    },
    {
      what: "a Lambda timeout over 900 seconds",
      resource: "AuditFunction",
      set: (i: Record<string, unknown>) => {
        i.timeout = 901;
      },
      property: "timeout",
      rule: "schema-range",
      cfn: "AWS::Lambda::Function.Timeout",
    },
    {
      what: "a package type Lambda does not know",
      resource: "AuditFunction",
      set: (i: Record<string, unknown>) => {
        i.packageType = "zip";
      },
      property: "packageType",
      rule: "schema-enum",
      cfn: "AWS::Lambda::Function.PackageType",
    },
    {
      what: "a 65-character function name",
      resource: "AuditFunction",
      set: (i: Record<string, unknown>) => {
        i.name = "f".repeat(65);
      },
      property: "name",
      rule: "schema-max-length",
      cfn: "AWS::Lambda::Function.FunctionName",
    },
  ])("reports $what", ({ resource, set, property, rule, cfn }) => {
    const { problems } = checkRegistrySchemas(planted(resource, set), CONTEXT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: "error", ruleClass: "property", resource, property, rule });
    expect(problems[0]?.source).toContain(
      `CloudFormation registry schema ${cfn} (@aws-cdk/aws-service-spec 0.1.216)`,
    );
    expect(problems[0]?.source).toMatch(/https:\/\/docs\.aws\.amazon\.com\//);
  });

  it("quotes the documentation phrase a limit comes from", () => {
    const { problems } = checkRegistrySchemas(
      planted("GrafanaSecurityGroup", (i) => {
        i.description = "Grafana's";
      }),
      CONTEXT,
    );
    expect(problems[0]?.message).toContain(`"'"`);
    expect(problems[0]?.message).toContain(
      "Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*",
    );
  });

  it("leaves inputs unchecked where Pulumi and CloudFormation differ in shape", () => {
    const plan: PlannedResource[] = [
      {
        type: "aws:ecs/service:Service",
        name: "Svc",
        // A boolean in Pulumi, ENABLED/DISABLED in CloudFormation; tags a map in one, a list in the other.
        inputs: { networkConfiguration: { assignPublicIp: false }, tags: { a: "b" } },
      },
      // SecureString is SSM's, not CloudFormation's.
      { type: "aws:ssm/parameter:Parameter", name: "P", inputs: { type: "SecureString", name: "/a/b" } },
    ];
    expect(checkRegistrySchemas(plan, CONTEXT).problems).toEqual([]);
  });

  it("maps every Pulumi type and alias to a type and property the registry has", () => {
    const spec = loadRegistrySpec(Object.values(PULUMI_TO_CFN).map((m) => m.cfnType));
    const shapeOf = (t: SpecType): SpecShape | undefined =>
      t.type === "ref"
        ? spec.typeDefinition(t.reference.$ref)
        : t.type === "array"
          ? shapeOf(t.element)
          : undefined;
    const resolves = (cfnType: string, path: string) => {
      let shape = spec.resource(cfnType);
      for (const name of path.split(".")) {
        const prop = shape?.properties[name];
        if (!prop) return false;
        shape = shapeOf(prop.type);
      }
      return true;
    };
    const missing: string[] = [];
    for (const [type, m] of Object.entries(PULUMI_TO_CFN)) {
      if (!spec.resource(m.cfnType)) missing.push(`${type} -> ${m.cfnType}`);
      if (m.within && !resolves(m.cfnType, m.within)) missing.push(`${type} within ${m.within}`);
      for (const [input, path] of Object.entries(m.properties ?? {}))
        if (path !== null && !resolves(m.cfnType, path)) missing.push(`${type} ${input} -> ${path}`);
    }
    expect(missing).toEqual([]);
  });
});
