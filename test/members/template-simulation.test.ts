import { runSimulation } from "@cloud-copilot/iam-simulate";
import { resolveIntrinsics, TEMPLATE_ACCOUNT_ID } from "@fleetwatch/conformance";
import { type CfnTemplate, grantStatements, memberTemplate, stackAccountArn } from "@fleetwatch/members";
import { describe, expect, it } from "vitest";
import { fleetGrants } from "../../stacks/onboarding-grants";

// The member template's policies replayed with the IAM simulator (the Service Authorization Reference's data):
// who may assume the member role, and what it and the forwarding role may do in the member account.
const HOME = "123456789012";
const MEMBER = TEMPLATE_ACCOUNT_ID;
const LAUNCH_ROLE = `arn:aws:iam::${HOME}:role/fleetwatch-dev-OnboardingLaunchRole`;
const PROMETHEUS_ROLE = `arn:aws:iam::${HOME}:role/fleetwatch-dev-PrometheusWebS0ATaskRole`;
const DOCUMENT = "fleetwatch-dev-NodeExporter";
const INSTANCE = `arn:aws:ec2:eu-west-1:${MEMBER}:instance/i-0123456789abcdef0`;
const HOME_BUS = `arn:aws:events:us-east-1:${HOME}:event-bus/default`;

function template(): CfnTemplate {
  const grants = fleetGrants("member", {
    regions: ["us-east-1", "eu-west-1"],
    tagPrefix: "fleetwatch:",
    documentName: DOCUMENT,
    arn: stackAccountArn,
  });
  const built = memberTemplate({
    homeAccountId: HOME,
    homeRegion: "us-east-1",
    memberRoleName: "fleetwatch-member",
    trustedRoleArns: [LAUNCH_ROLE, PROMETHEUS_ROLE],
    statements: [
      ...grantStatements("Onboarding", grants),
      { Sid: "Ec2Discovery", Effect: "Allow", Action: ["ec2:DescribeInstances"], Resource: "*" },
    ],
    document: { name: DOCUMENT, contentByRegion: { "us-east-1": {}, "eu-west-1": {} } },
    forwarded: { Launch: { source: ["aws.ec2"] } },
  });
  return resolveIntrinsics(built, {
    partition: "aws",
    accountId: MEMBER,
    region: "eu-west-1",
    parameters: {},
    arns: {},
  }) as CfnTemplate;
}

const props = (t: CfnTemplate, id: string) =>
  (t.Resources[id] as { Properties: Record<string, unknown> }).Properties;
const inline = (t: CfnTemplate, id: string) =>
  (props(t, id).Policies as { PolicyName: string; PolicyDocument: unknown }[]).map((p) => ({
    name: p.PolicyName,
    policy: p.PolicyDocument,
  }));

async function simulate(
  principal: string,
  action: string,
  resource: string,
  identityPolicies: { name: string; policy: unknown }[],
  context: Record<string, string | string[]> = {},
  resourcePolicy?: unknown,
) {
  const out = await runSimulation(
    {
      request: {
        principal,
        action,
        resource: { resource, accountId: MEMBER },
        contextVariables: { "aws:SecureTransport": "true", ...context },
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    { simulationMode: "Strict" },
  );
  if (out.resultType === "error") throw new Error(JSON.stringify(out.errors));
  return out.overallResult;
}

const t = template();
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/fleetwatch-member`;
const memberRole = `arn:aws:sts::${MEMBER}:assumed-role/fleetwatch-member/session`;
/** What a home role's own policy grants (lane of the onboarding and discovery stacks): the member roles. */
const ASSUME_MEMBERS = [
  {
    name: "assume-members",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/fleetwatch-member" },
      ],
    },
  },
];

describe("the member role's trust", () => {
  it.each([
    [LAUNCH_ROLE, "Allowed"],
    [PROMETHEUS_ROLE, "Allowed"],
    [`arn:aws:iam::${HOME}:role/fleetwatch-dev-HealthAuditRole`, "ImplicitlyDenied"],
    [`arn:aws:iam::${MEMBER}:role/anything-in-the-member-account`, "ImplicitlyDenied"],
  ])("lets %s assume it: %s", async (principal, expected) => {
    const trust = props(t, "MemberRole").AssumeRolePolicyDocument;
    expect(await simulate(principal, "sts:AssumeRole", MEMBER_ROLE, ASSUME_MEMBERS, {}, trust)).toBe(
      expected,
    );
  });
});

describe("the member role's grants", () => {
  const policies = inline(t, "MemberRole");
  it.each([
    ["ec2:DescribeInstances", "*", {}, "Allowed"],
    ["ec2:CreateTags", INSTANCE, { "aws:TagKeys": ["fleetwatch:status"] }, "Allowed"],
    ["ec2:CreateTags", INSTANCE, { "aws:TagKeys": ["Name"] }, "ImplicitlyDenied"],
    ["ec2:DeleteTags", INSTANCE, { "aws:TagKeys": ["fleetwatch:status", "owner"] }, "ImplicitlyDenied"],
    ["ssm:SendCommand", `arn:aws:ssm:eu-west-1:${MEMBER}:document/${DOCUMENT}`, {}, "Allowed"],
    [
      "ssm:SendCommand",
      `arn:aws:ssm:eu-west-1:${MEMBER}:document/AWS-RunShellScript`,
      {},
      "ImplicitlyDenied",
    ],
    ["ec2:TerminateInstances", INSTANCE, {}, "ImplicitlyDenied"],
  ])("%s on %s (%j): %s", async (action, resource, context, expected) => {
    expect(await simulate(memberRole, action, resource, policies, context)).toBe(expected);
  });
});

describe("the forwarding role", () => {
  const policies = inline(t, "ForwardingRole");
  const role = `arn:aws:sts::${MEMBER}:assumed-role/ForwardingRole/events`;
  it.each([
    [HOME_BUS, "Allowed"],
    [`arn:aws:events:us-east-1:${HOME}:event-bus/other`, "ImplicitlyDenied"],
    [`arn:aws:events:eu-west-1:${MEMBER}:event-bus/default`, "ImplicitlyDenied"],
  ])("may put events on %s: %s", async (bus, expected) => {
    expect(await simulate(role, "events:PutEvents", bus, policies)).toBe(expected);
  });
});
