import { checkIam, checkPlan, checkRegistrySchemas, type PlannedResource } from "@fleetwatch/conformance";
import { type CfnTemplate, grantStatements, memberTemplate, stackAccountArn } from "@fleetwatch/members";
import { describe, expect, it } from "vitest";
import { fleetGrants } from "../../../stacks/onboarding-grants";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };
const REGIONS = ["us-east-1", "eu-west-1"];

/** A member template as the stack makes it, from the shared grants. */
function template(): CfnTemplate {
  const grants = fleetGrants("member", {
    regions: REGIONS,
    tagPrefix: "fleetwatch:",
    documentName: "fleetwatch-dev-NodeExporter",
    arn: stackAccountArn,
  });
  return memberTemplate({
    homeAccountId: CONTEXT.accountId,
    homeRegion: CONTEXT.region,
    memberRoleName: "fleetwatch-member",
    trustedRoleArns: ["arn:aws:iam::123456789012:role/fleetwatch-dev-OnboardingLaunchRole"],
    statements: [
      ...grantStatements("Onboarding", grants),
      {
        Sid: "Ec2Discovery",
        Effect: "Allow",
        Action: ["ec2:DescribeInstances", "ec2:DescribeAvailabilityZones"],
        Resource: "*",
      },
    ],
    document: {
      name: "fleetwatch-dev-NodeExporter",
      contentByRegion: Object.fromEntries(
        REGIONS.map((r) => [r, { schemaVersion: "2.2", source: `s3://m-${r}` }]),
      ),
    },
    forwarded: { Launch: { source: ["aws.ec2"] }, Result: { source: ["aws.ssm"] } },
  });
}

const stackSet = (body: unknown): PlannedResource => ({
  type: "aws:cloudformation/stackSet:StackSet",
  name: "MemberStackSet",
  inputs: {
    name: "fleetwatch-dev-members",
    permissionModel: "SERVICE_MANAGED",
    templateBody: typeof body === "string" ? body : JSON.stringify(body),
  },
});

const check = (body: unknown) => checkPlan([stackSet(body)], CONTEXT, [checkIam, checkRegistrySchemas]);

/** A copy of the template with one change. */
function planted(change: (t: CfnTemplate) => void): CfnTemplate {
  const t = structuredClone(template());
  change(t);
  return t;
}

const props = (t: CfnTemplate, id: string) =>
  (t.Resources[id] as { Properties: Record<string, unknown> }).Properties;
const memberPolicy = (t: CfnTemplate) =>
  (props(t, "MemberRole").Policies as { PolicyDocument: { Statement: { Action: string[] }[] } }[])[0]
    ?.PolicyDocument;

describe("the conformance check of a StackSet's template", () => {
  it("finds nothing in the member template as the stack makes it, and checks its resources", async () => {
    const result = await check(template());
    expect(result.problems).toEqual([]);
    // The StackSet without its template gets a handful of checks; its template's resources many more.
    const { templateBody: _, ...bare } = stackSet(template()).inputs;
    const alone = await checkPlan([{ ...stackSet(template()), inputs: bare }], CONTEXT, [
      checkIam,
      checkRegistrySchemas,
    ]);
    expect(result.checks).toBeGreaterThan(alone.checks + 40);
  });

  it.each([
    [
      "a misspelt property",
      planted((t) => {
        const p = props(t, "MemberRole");
        p.RoleNmae = p.RoleName;
        delete p.RoleName;
      }),
      "schema-unknown-property",
      "templateBody.Resources.MemberRole.Properties.RoleNmae (AWS::IAM::Role)",
    ],
    [
      "a value outside the schema's enum",
      planted((t) => {
        props(t, "ForwardLaunchRule").State = "ON";
      }),
      "schema-enum",
      "templateBody.Resources.ForwardLaunchRule.Properties.State (AWS::Events::Rule)",
    ],
    [
      "a missing required property",
      planted((t) => {
        delete props(t, "ForwardingRole").AssumeRolePolicyDocument;
      }),
      "schema-required",
      "templateBody.Resources.ForwardingRole.Properties.AssumeRolePolicyDocument (AWS::IAM::Role)",
    ],
    [
      "a misspelt action",
      planted((t) => {
        const statement = memberPolicy(t)?.Statement.find((s) => s.Action.includes("ec2:CreateTags"));
        if (statement) statement.Action = ["ec2:CreateTag", "ec2:DeleteTags"];
      }),
      "iam-action-unknown",
      "templateBody.Resources.MemberRole.Properties.Policies[0].PolicyDocument Statement[1].Action[0] (AWS::IAM::Role)",
    ],
    [
      "a role trusting a whole account",
      planted((t) => {
        props(t, "MemberRole").AssumeRolePolicyDocument = {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::123456789012:root" },
              Action: "sts:AssumeRole",
            },
          ],
        };
      }),
      "iam-trust-principal",
      "templateBody.Resources.MemberRole.Properties.AssumeRolePolicyDocument Statement[0].Principal.AWS[0] (AWS::IAM::Role)",
    ],
  ])("finds %s", async (_what, body, rule, property) => {
    const result = await check(body);
    expect(result.problems.map((p) => [p.rule, p.resource, p.property])).toEqual([
      [rule, "MemberStackSet", property],
    ]);
    // The next plan, without the fault, is clean again.
    expect((await check(template())).problems).toEqual([]);
  });

  it("finds a template larger than CloudFormation takes in a request", async () => {
    const big = planted((t) => {
      props(t, "NodeExporterDocument").Content = { schemaVersion: "2.2", script: "x".repeat(52_000) };
    });
    const result = await check(big);
    expect(result.problems.map((p) => [p.rule, p.resource, p.property])).toEqual([
      ["template-body-size", "MemberStackSet", "templateBody"],
    ]);
    expect(result.problems[0]?.message).toMatch(/^the template has \d+ bytes, more than the 51200/);
  });

  it("finds a template that is not JSON", async () => {
    const result = await check("Resources: {}");
    expect(result.problems.map((p) => [p.rule, p.resource, p.property])).toEqual([
      ["template-document", "MemberStackSet", "templateBody"],
    ]);
  });
});
