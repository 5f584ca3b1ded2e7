import { summarize } from "@fleetwatch/sst-offline";
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
    ["aws:unknown/thing:Thing", { a: 1 }, ""],
  ])("summarizes %s", (type, inputs, expected) => {
    expect(summarize(type, inputs)).toBe(expected);
  });
});
