import { describe, expect, it } from "vitest";
import { checkIam, type PlannedResource } from "../../../packages/conformance/src/index.js";

const context = { accountId: "123456789012", region: "eu-west-1" };
const ACCOUNT = "arn:aws:ec2:eu-west-1:123456789012";

function role(statements: unknown[], trust: unknown = { Service: "lambda.amazonaws.com" }): PlannedResource {
  return {
    type: "aws:iam/role:Role",
    name: "PlantedRole",
    inputs: {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: trust }],
      }),
      inlinePolicies: [
        { name: "inline", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
      ],
    },
  };
}

const allow = (Action: string | string[], Resource: string | string[], Condition?: unknown) => ({
  Effect: "Allow",
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

async function rulesOf(resource: PlannedResource) {
  const result = await checkIam([resource], context);
  expect(result.checks).toBeGreaterThan(0);
  return result.problems.map((p) => `${p.rule} ${p.resource} ${p.property}`);
}

describe("checkIam", () => {
  it("finds nothing in least-privilege grants that AWS accepts", async () => {
    const problems = await rulesOf(
      role([
        allow(["ec2:DescribeInstances", "ssm:DescribeInstanceInformation"], "*"),
        allow(["ec2:CreateTags", "ec2:DeleteTags"], `${ACCOUNT}:instance/*`, {
          "ForAllValues:StringLike": { "aws:TagKeys": ["fleetwatch:*"] },
          Null: { "aws:TagKeys": "false" },
        }),
        allow("ssm:SendCommand", [
          "arn:aws:ssm:eu-west-1:123456789012:document/fleetwatch-dev-NodeExporter",
          `${ACCOUNT}:instance/*`,
        ]),
        allow("ecs:ListTasks", "*", {
          ArnEquals: { "ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/c" },
        }),
        allow(
          "ec2:ModifyNetworkInterfaceAttribute",
          [`${ACCOUNT}:network-interface/*`, `${ACCOUNT}:security-group/*`, `${ACCOUNT}:instance/*`],
          { ArnEqualsIfExists: { "ec2:Vpc": `${ACCOUNT}:vpc/vpc-0123` } },
        ),
        allow("s3:ListBucket", "arn:aws:s3:::thanos", { StringLike: { "s3:prefix": ["config/*"] } }),
        allow(["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"], "arn:aws:s3:::thanos/*"),
      ]),
    );
    expect(problems).toEqual([]);
  });

  it.each([
    [
      "an action in the wrong case",
      allow("ec2:createTags", `${ACCOUNT}:instance/*`),
      "iam-action-case",
      "Action[0]",
    ],
    ["an action that does not exist", allow("ec2:DescribeInstance", "*"), "iam-action-unknown", "Action[0]"],
    [
      "an object action on a bucket ARN",
      allow("s3:GetObject", "arn:aws:s3:::thanos"),
      "iam-resource-type",
      "Resource[0]",
    ],
    [
      "a bucket action on object ARNs",
      allow("s3:ListBucket", "arn:aws:s3:::thanos/*"),
      "iam-resource-type",
      "Resource[0]",
    ],
    [
      "a call without its required resource type",
      allow("ssm:SendCommand", `${ACCOUNT}:instance/*`),
      "iam-required-resource-type",
      "Resource",
    ],
    [
      "a condition key that does not apply",
      allow("s3:GetObject", "arn:aws:s3:::thanos/*", { StringEquals: { "ecs:cluster": "c" } }),
      "iam-condition-key-applies",
      "Condition.StringEquals.ecs:cluster",
    ],
    [
      "a condition key that does not exist",
      allow("ec2:CreateTags", `${ACCOUNT}:instance/*`, { StringEquals: { "ec2:Vpcx": "v" } }),
      "iam-condition-key-unknown",
      "Condition.StringEquals.ec2:Vpcx",
    ],
    [
      "a condition key a granted type lacks, without IfExists",
      allow(
        "ec2:ModifyNetworkInterfaceAttribute",
        [`${ACCOUNT}:network-interface/*`, `${ACCOUNT}:instance/*`],
        {
          ArnEquals: { "ec2:Vpc": `${ACCOUNT}:vpc/vpc-0123` },
        },
      ),
      "iam-condition-ifexists",
      "Condition.ArnEquals.ec2:Vpc",
    ],
    [
      "an interface change not granted on instances",
      allow("ec2:ModifyNetworkInterfaceAttribute", `${ACCOUNT}:network-interface/*`),
      "iam-authorization-exception",
      "Resource",
    ],
    ["a write on *", allow("ec2:CreateTags", "*"), "iam-write-on-wildcard", "Resource"],
    [
      "ListTasks on container instances",
      allow("ecs:ListTasks", "arn:aws:ecs:eu-west-1:123456789012:container-instance/c/*"),
      "iam-authorization-exception",
      "Resource[0]",
    ],
  ])("reports %s, naming the resource and the property", async (_, statement, rule, property) => {
    const problems = await rulesOf(role([statement]));
    expect(problems).toContain(`${rule} PlantedRole inlinePolicies[0].policy Statement[0].${property}`);
  });

  it("reports a trust policy that lets the account root assume the role", async () => {
    const problems = await rulesOf(
      role([allow("ec2:DescribeInstances", "*")], {
        Service: "lambda.amazonaws.com",
        AWS: "arn:aws:iam::123456789012:root",
      }),
    );
    expect(problems).toEqual([
      "iam-trust-principal PlantedRole assumeRolePolicy Statement[0].Principal.AWS[0]",
    ]);
  });

  it("checks resource policies' actions and ARNs, not their wildcards", async () => {
    const bucketPolicy: PlannedResource = {
      type: "aws:s3/bucketPolicy:BucketPolicy",
      name: "ThanosBucketPolicy",
      inputs: {
        policy: JSON.stringify({
          Statement: [
            {
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: ["arn:aws:s3:::thanos", "arn:aws:s3:::thanos/*"],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            { Effect: "Allow", Principal: "*", Action: "s3:getobject", Resource: "arn:aws:s3:::thanos/*" },
          ],
        }),
      },
    };
    const result = await checkIam([bucketPolicy], context);
    expect(result.problems.map((p) => `${p.rule} ${p.property}`)).toEqual([
      "iam-action-case policy Statement[1].Action[0]",
    ]);
  });

  it("reports a policy that is not JSON", async () => {
    const broken: PlannedResource = {
      type: "aws:iam/rolePolicy:RolePolicy",
      name: "Broken",
      inputs: { policy: "{" },
    };
    const result = await checkIam([broken], context);
    expect(result.problems.map((p) => p.rule)).toEqual(["iam-document"]);
  });
});
