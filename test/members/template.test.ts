import { type MemberTemplateSpec, memberTemplate } from "@fleetwatch/members";
import { describe, expect, it } from "vitest";

const LAUNCH = { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] };
const RESULT = { source: ["aws.ssm"], detail: { "document-name": ["fw-dev-NodeExporter"] } };
const TRUSTED = [
  "arn:aws:iam::123456789012:role/fw-dev-OnboardingLaunchRole",
  "arn:aws:iam::123456789012:role/fw-dev-PrometheusWebS0ATaskRole",
];

const spec: MemberTemplateSpec = {
  homeAccountId: "123456789012",
  homeRegion: "us-east-1",
  memberRoleName: "fleetwatch-member",
  trustedRoleArns: TRUSTED,
  statements: [{ Sid: "Read", Effect: "Allow", Action: ["ec2:DescribeInstances"], Resource: "*" }],
  document: {
    name: "fw-dev-NodeExporter",
    contentByRegion: {
      "us-east-1": { schemaVersion: "2.2", source: "s3://m-us-east-1" },
      "eu-west-1": { schemaVersion: "2.2", source: "s3://m-eu-west-1" },
    },
  },
  forwarded: { Launch: LAUNCH, Result: RESULT },
};

describe("memberTemplate", () => {
  const template = memberTemplate(spec);
  const resources = template.Resources;

  it("creates the member role in the role region's stack only, trusting only the given roles", () => {
    const role = resources.MemberRole;
    expect(role?.Condition).toBe("CreatesRole");
    expect(template.Conditions?.CreatesRole).toEqual({
      "Fn::Equals": [{ Ref: "AWS::Region" }, { Ref: "RoleRegion" }],
    });
    expect(template.Parameters?.RoleRegion?.Default).toBe("us-east-1");
    expect(role?.Properties.RoleName).toBe("fleetwatch-member");
    expect(role?.Properties.AssumeRolePolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: TRUSTED }, Action: "sts:AssumeRole" }],
    });
    expect(role?.Properties.Policies).toEqual([
      {
        PolicyName: "fleetwatch-member",
        PolicyDocument: { Version: "2012-10-17", Statement: spec.statements },
      },
    ]);
  });

  it("names the document as at home, one content with the region's differences in a mapping", () => {
    const doc = resources.NodeExporterDocument;
    expect(doc?.Condition).toBeUndefined();
    expect(doc?.Properties).toMatchObject({ Name: "fw-dev-NodeExporter", UpdateMethod: "NewVersion" });
    expect(doc?.Properties.Content).toEqual({
      schemaVersion: "2.2",
      source: { "Fn::FindInMap": ["DocumentByRegion", { Ref: "AWS::Region" }, "Value0"] },
    });
    expect(template.Mappings?.DocumentByRegion?.["eu-west-1"]).toEqual({ Value0: "s3://m-eu-west-1" });
  });

  it("forwards both patterns to the home account's default bus in the home region, through its own role", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub, not a JS template
    const bus = { "Fn::Sub": "arn:${AWS::Partition}:events:us-east-1:123456789012:event-bus/default" };
    for (const [id, pattern] of [
      ["ForwardLaunchRule", LAUNCH],
      ["ForwardResultRule", RESULT],
    ] as const) {
      expect(resources[id]?.Properties).toMatchObject({
        EventPattern: pattern,
        State: "ENABLED",
        Targets: [
          { Id: "fleetwatch-home-bus", Arn: bus, RoleArn: { "Fn::GetAtt": ["ForwardingRole", "Arn"] } },
        ],
      });
    }
    expect(resources.ForwardingRole?.Properties.Policies).toEqual([
      {
        PolicyName: "put-events-home",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: bus }],
        },
      },
    ]);
    expect(resources.ForwardingRole?.Condition).toBeUndefined();
  });
});
