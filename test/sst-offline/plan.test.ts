import { removalMeaning, roleUsers, summarize } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";

const policy = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("summarize", () => {
  it.each([
    ["aws:s3/bucket:Bucket", { forceDestroy: false }, "kept when not empty"],
    [
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      {
        blockPublicAcls: true,
        blockPublicPolicy: false,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      "PUBLIC ACCESS ALLOWED",
    ],
    [
      "aws:iam/rolePolicy:RolePolicy",
      {
        policy: policy([
          { Effect: "Allow", Action: ["ec2:DescribeInstances"] },
          { Effect: "Deny", Action: "s3:*" },
        ]),
      },
      "ec2:DescribeInstances deny s3:*",
    ],
    [
      "aws:ec2/securityGroup:SecurityGroup",
      { ingress: [{ protocol: "tcp", fromPort: 9100, toPort: 9100, securityGroups: ["sg-1"] }] },
      "in tcp/9100 sg-1",
    ],
    [
      "aws:ecs/taskDefinition:TaskDefinition",
      { cpu: "1024", memory: "4096", ephemeralStorage: { sizeInGib: 50 } },
      "cpu 1024; mem 4096; disk 50 GiB",
    ],
    [
      "aws:lb/loadBalancer:LoadBalancer",
      { internal: false, loadBalancerType: "application" },
      "PUBLIC; application",
    ],
    [
      "aws:iam/role:Role",
      { assumeRolePolicy: policy([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }]) },
      "assumed by lambda.amazonaws.com",
    ],
    [
      "aws:iam/role:Role",
      {
        assumeRolePolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" } }],
        },
      },
      "assumed by ecs-tasks.amazonaws.com",
    ],
    ["aws:unknown/thing:Thing", { a: 1 }, ""],
  ])("summarizes %s", (type, inputs, expected) => {
    expect(summarize(type, inputs)).toBe(expected);
  });
});

describe("removalMeaning", () => {
  const thanos = { name: "ThanosBucketBucket", forceDestroy: true };
  const state = { name: "StateBucketBucket", forceDestroy: true };
  it.each([
    [
      "remove",
      false,
      [thanos, state],
      "removal: remove — `sst remove` deletes everything, buckets included (force-destroyed with their data)",
    ],
    [
      "remove",
      false,
      [thanos, { ...state, forceDestroy: false }],
      "removal: remove — `sst remove` deletes everything, but StateBucketBucket fails to delete unless empty (not force-destroyed)",
    ],
    [
      "retain",
      true,
      [],
      "removal: retain — buckets and data stay after `sst remove`; resources are protected (`sst remove` refuses the stage)",
    ],
    ["retain", false, [], "removal: retain — buckets and data stay after `sst remove`"],
    ["retain-all", false, [], "removal: retain-all — every resource stays after `sst remove`"],
  ])("says what %s (protect %s) means", (removal, protect, buckets, expected) => {
    expect(removalMeaning(removal, protect, buckets)).toBe(expected);
  });
});

describe("roleUsers", () => {
  const arn = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
  const role = (name: string) => ({
    type: "aws:iam/role:Role",
    name,
    inputs: { name: `fleetwatch-dev-${name}-x` },
  });

  it("names the functions, task definitions (with their services) and schedules that use each role", () => {
    const users = roleUsers([
      role("AuditRole"),
      role("QueryTaskRole"),
      role("QueryExecutionRole"),
      role("ScheduleRole"),
      role("UnusedRole"),
      {
        type: "aws:lambda/function:Function",
        name: "AuditFunction",
        inputs: { role: arn("fleetwatch-dev-AuditRole-x") },
      },
      {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "QueryTask",
        inputs: {
          taskRoleArn: arn("fleetwatch-dev-QueryTaskRole-x"),
          executionRoleArn: arn("fleetwatch-dev-QueryExecutionRole-x"),
        },
      },
      { type: "aws:ecs/service:Service", name: "QueryService", inputs: {} },
      {
        type: "aws:scheduler/schedule:Schedule",
        name: "AuditSchedule",
        inputs: { target: { roleArn: arn("fleetwatch-dev-ScheduleRole-x") } },
      },
      { type: "aws:lambda/function:Function", name: "Elsewhere", inputs: { role: arn("someone-else") } },
    ]);
    expect(Object.fromEntries(users)).toEqual({
      AuditRole: ["AuditFunction (Lambda)"],
      QueryTaskRole: ["QueryTask (task role, QueryService)"],
      QueryExecutionRole: ["QueryTask (execution role, QueryService)"],
      ScheduleRole: ["AuditSchedule (schedule)"],
      UnusedRole: [],
    });
  });
});
