import { TEMPLATE_BODY_BYTES } from "@fleetwatch/conformance";
import type { CfnTemplate } from "@fleetwatch/members";
import {
  type AppRun,
  formatMemberAccounts,
  MOCK_ORGANIZATION_ID,
  OFFLINE_ACCOUNT_ID,
  type RecordedResource,
} from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { policyOf, runProgram, runStage } from "../infra/harness";

const HOME_BUS = `arn:aws:events:us-east-1:${OFFLINE_ACCOUNT_ID}:event-bus/default`;

const one = (run: AppRun, type: string): RecordedResource => {
  const found = run.graph.ofType(type);
  expect(found).toHaveLength(1);
  return found[0] as RecordedResource;
};
const templateOf = (run: AppRun) =>
  JSON.parse(String(one(run, "aws:cloudformation/stackSet:StackSet").inputs.templateBody)) as CfnTemplate;

/** `Fn::FindInMap [map, { Ref: AWS::Region }, key]` and `Fn::Sub` of the partition and account, for one region. */
function inRegion(value: unknown, template: CfnTemplate, region: string): unknown {
  if (Array.isArray(value)) return value.map((v) => inRegion(v, template, region));
  if (typeof value !== "object" || value === null) return value;
  const v = value as Record<string, unknown>;
  const find = v["Fn::FindInMap"] as [string, unknown, string] | undefined;
  if (find) return template.Mappings?.[find[0]]?.[region]?.[find[2]];
  if (typeof v["Fn::Sub"] === "string")
    return (v["Fn::Sub"] as string)
      .replace(/\$\{AWS::Partition\}/g, "aws")
      .replace(/\$\{AWS::AccountId\}/g, "member");
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inRegion(x, template, region)]));
}

/** The role ARNs the functions running these handlers and the Prometheus task definitions use. */
function fleetRoleArns(run: AppRun): string[] {
  const handlers = [
    "functions/onboarding/onboard.handler",
    "functions/onboarding/complete.handler",
    "functions/onboarding/reconcile-worker.handler",
  ];
  const lambdas = run.graph
    .ofType("aws:lambda/function:Function")
    .filter((f) => handlers.includes(String(f.inputs.handler)))
    .map((f) => String(f.inputs.role));
  const tasks = run.graph
    .ofType("aws:ecs/taskDefinition:TaskDefinition")
    .filter((t) => t.name.startsWith("Prometheus"))
    .map((t) => String(t.inputs.taskRoleArn));
  expect(lambdas).toHaveLength(3);
  expect(tasks.length).toBeGreaterThanOrEqual(4);
  return [...lambdas, ...tasks].sort();
}

describe("member accounts by Organization units (two-units.ts)", () => {
  let run: AppRun;
  let template: CfnTemplate;
  beforeAll(async () => {
    run = await runStage("dev", "two-units.ts");
    template = templateOf(run);
  });

  it("deploys a service-managed StackSet, auto-deployed and removed from accounts that leave the units", () => {
    expect(one(run, "aws:cloudformation/stackSet:StackSet").inputs).toMatchObject({
      name: "fleetwatch-dev-members",
      permissionModel: "SERVICE_MANAGED",
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: "SELF",
      capabilities: ["CAPABILITY_NAMED_IAM"],
      operationPreferences: { regionConcurrencyType: "PARALLEL" },
    });
    expect(String(one(run, "aws:cloudformation/stackSet:StackSet").inputs.templateBody).length).toBeLessThan(
      TEMPLATE_BODY_BYTES,
    );
  });

  it("targets both units in every onboarded region, never the home account", () => {
    const instances = run.graph.ofType("aws:cloudformation/stackSetInstance:StackSetInstance");
    expect(instances.map((i) => i.inputs.stackSetInstanceRegion).sort()).toEqual(["eu-west-1", "us-east-1"]);
    for (const i of instances)
      expect(i.inputs).toMatchObject({
        stackSetName: "fleetwatch-dev-members",
        callAs: "SELF",
        deploymentTargets: {
          organizationalUnitIds: ["ou-ab12-cdef3456", "ou-ab12-0123abcd"],
          accountFilterType: "DIFFERENCE",
          accounts: [OFFLINE_ACCOUNT_ID],
        },
      });
  });

  it("makes the member role trust exactly the onboarding Lambdas' and the Prometheus tasks' roles", () => {
    const role = template.Resources.MemberRole;
    expect(role?.Properties.RoleName).toBe("fleetwatch-member");
    const trust = role?.Properties.AssumeRolePolicyDocument as {
      Statement: { Principal: { AWS: string[] } }[];
    };
    expect(trust.Statement).toHaveLength(1);
    expect([...(trust.Statement[0]?.Principal.AWS ?? [])].sort()).toEqual(fleetRoleArns(run));
  });

  it("grants the member role the home launch Lambda's EC2 and SSM statements and Prometheus's discovery", () => {
    const policies = template.Resources.MemberRole?.Properties.Policies as {
      PolicyDocument: { Statement: object[] };
    }[];
    const statements = inRegion(policies[0]?.PolicyDocument.Statement, template, "us-east-1") as {
      Action: string[];
      Resource: string | string[];
      Condition?: unknown;
    }[];
    const tagging = statements.find((s) => s.Action.includes("ec2:CreateTags"));
    expect(tagging).toMatchObject({
      Resource: ["arn:aws:ec2:us-east-1:member:instance/*", "arn:aws:ec2:eu-west-1:member:instance/*"],
      Condition: {
        "ForAllValues:StringLike": { "aws:TagKeys": ["fleetwatch:*"] },
        Null: { "aws:TagKeys": ["false"] },
      },
    });
    const send = statements.find((s) => s.Action.includes("ssm:SendCommand"));
    expect(send?.Action).toEqual(["ssm:SendCommand"]);
    expect(send?.Resource).toEqual([
      "arn:aws:ssm:us-east-1:member:document/fleetwatch-dev-NodeExporter",
      "arn:aws:ssm:eu-west-1:member:document/fleetwatch-dev-NodeExporter",
      "arn:aws:ec2:us-east-1:member:instance/*",
      "arn:aws:ec2:eu-west-1:member:instance/*",
    ]);
    expect(statements.flatMap((s) => s.Action).sort()).toEqual(
      [
        "ec2:CreateTags",
        "ec2:DeleteTags",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInstances",
        "ec2:DescribeInstances",
        "ssm:DescribeInstanceInformation",
        "ssm:ListCommands",
        "ssm:SendCommand",
      ].sort(),
    );
  });

  it("puts the home account's document, under its name, with each region's content", () => {
    const docs = run.graph.ofType("aws:ssm/document:Document");
    const doc = template.Resources.NodeExporterDocument?.Properties;
    for (const region of ["us-east-1", "eu-west-1"]) {
      const home = docs.find((d) =>
        region === "us-east-1" ? d.name === "NodeExporterDocument" : d.name.endsWith(region),
      );
      expect(doc?.Name).toBe(home?.inputs.name);
      expect(inRegion(doc?.Content, template, region)).toEqual(JSON.parse(String(home?.inputs.content)));
    }
  });

  it("forwards the home rules' patterns to the home bus through a role that may only put events there", () => {
    const home = Object.fromEntries(
      run.graph
        .ofType("aws:cloudwatch/eventRule:EventRule")
        .map((r) => [r.name, JSON.parse(String(r.inputs.eventPattern))]),
    );
    const forwards = [template.Resources.ForwardLaunchRule, template.Resources.ForwardResultRule];
    expect(forwards.map((r) => r?.Properties.EventPattern)).toEqual([
      home.OnboardingLaunchRule,
      home.OnboardingResultRule,
    ]);
    for (const rule of forwards) {
      const targets = inRegion(rule?.Properties.Targets, template, "eu-west-1") as { Arn: string }[];
      expect(targets.map((t) => t.Arn)).toEqual([HOME_BUS]);
    }
    const role = inRegion(template.Resources.ForwardingRole?.Properties.Policies, template, "eu-west-1");
    expect(role).toEqual([
      {
        PolicyName: "put-events-home",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: HOME_BUS }],
        },
      },
    ]);
  });

  it("lists the StackSet, its targets, its template's resources and the bus policy in the plan", () => {
    const section = formatMemberAccounts(run)?.split("\n");
    expect(section?.[0]).toBe(
      "Member accounts: StackSet fleetwatch-dev-members (SERVICE_MANAGED, auto-deployed, stacks removed when an account leaves, call as SELF)",
    );
    expect(section).toContain(
      `  instance: ou-ab12-cdef3456, ou-ab12-0123abcd except ${OFFLINE_ACCOUNT_ID} in eu-west-1`,
    );
    expect(section?.find((l) => l.startsWith("  template: "))).toMatch(
      /^ {2}template: MemberRole \(AWS::IAM::Role, where CreatesRole\), ForwardingRole .*NodeExporterDocument \(AWS::SSM::Document\); [\d,]+ of 51,200 bytes$/,
    );
    expect(section).toContain(
      `  home bus policy: events:PutEvents from Organization ${MOCK_ORGANIZATION_ID}`,
    );
  });

  it("admits PutEvents on the home default bus from the Organization only", () => {
    const policy = one(run, "aws:cloudwatch/eventBusPolicy:EventBusPolicy");
    expect(policy.inputs.eventBusName).toBe("default");
    expect(policyOf(policy).Statement).toEqual([
      {
        Sid: "FleetwatchOrganization",
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Resource: HOME_BUS,
        Condition: { StringEquals: { "aws:PrincipalOrgID": MOCK_ORGANIZATION_ID } },
      },
    ]);
  });
});

describe("listed member accounts (member-accounts.ts)", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage("dev", "member-accounts.ts");
  });

  it("deploys a self-managed StackSet through its own administration role", () => {
    const set = one(run, "aws:cloudformation/stackSet:StackSet");
    expect(set.inputs).toMatchObject({
      permissionModel: "SELF_MANAGED",
      executionRoleName: "AWSCloudFormationStackSetExecutionRole",
    });
    expect(set.inputs.autoDeployment).toBeUndefined();
    const admin = run.graph
      .ofType("aws:iam/role:Role")
      .find((r) => r.name === "MemberStackSetAdministrationRole");
    expect(String(set.inputs.administrationRoleArn)).toMatch(/:role\/memberstacksetadministrationrole$/i);
    const inline = (admin?.inputs.inlinePolicies as { policy: string }[] | undefined)?.[0];
    expect(JSON.parse(String(inline?.policy)).Statement).toEqual([
      {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: [
          "arn:aws:iam::111111111111:role/AWSCloudFormationStackSetExecutionRole",
          "arn:aws:iam::222222222222:role/AWSCloudFormationStackSetExecutionRole",
        ],
      },
    ]);
  });

  it("makes one instance per account and region, the role where the account is onboarded", () => {
    const instances = run.graph
      .ofType("aws:cloudformation/stackSetInstance:StackSetInstance")
      .map((i) => [i.inputs.accountId, i.inputs.stackSetInstanceRegion, i.inputs.parameterOverrides]);
    expect(instances).toEqual([
      ["111111111111", "us-east-1", undefined],
      ["111111111111", "eu-west-1", undefined],
      ["222222222222", "eu-west-1", { RoleRegion: "eu-west-1" }],
    ]);
  });

  it("admits PutEvents on the home default bus from the listed accounts only", () => {
    const statement = policyOf(one(run, "aws:cloudwatch/eventBusPolicy:EventBusPolicy")).Statement[0];
    expect(statement).toMatchObject({
      Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
      Action: "events:PutEvents",
      Resource: HOME_BUS,
    });
  });
});

describe("no member accounts (the default config)", () => {
  it("creates no StackSet, no instance and no bus policy", async () => {
    const run = await runStage("dev");
    for (const type of [
      "aws:cloudformation/stackSet:StackSet",
      "aws:cloudformation/stackSetInstance:StackSetInstance",
      "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    ])
      expect(run.graph.ofType(type)).toEqual([]);
    expect(formatMemberAccounts(run)).toBeUndefined();
  });
});

describe("a delegated StackSet administrator (delegated-admin.ts)", () => {
  it("calls as DELEGATED_ADMIN for the StackSet and every instance, with the configured role name", async () => {
    const run = await runProgram(
      "dev",
      async () => {
        const { stageConfig } = await import("../../stacks/config");
        const { createMembers } = await import("../../stacks/members");
        const { onboardingSettings } = await import("@fleetwatch/onboarding");
        const config = await stageConfig("dev");
        createMembers(config, {
          settings: onboardingSettings(config, "fleetwatch-dev-NodeExporter"),
          trustedRoleArns: [`arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/launch`],
        });
        return {};
      },
      "delegated-admin.ts",
    );
    expect(one(run, "aws:cloudformation/stackSet:StackSet").inputs.callAs).toBe("DELEGATED_ADMIN");
    const instances = run.graph.ofType("aws:cloudformation/stackSetInstance:StackSetInstance");
    expect(instances.map((i) => [i.inputs.stackSetInstanceRegion, i.inputs.callAs])).toEqual([
      ["eu-west-1", "DELEGATED_ADMIN"],
    ]);
    expect(templateOf(run).Resources.MemberRole?.Properties.RoleName).toBe("acme-fleetwatch");
  });
});
