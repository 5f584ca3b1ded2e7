import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  ModifyNetworkInterfaceAttributeCommand,
} from "@aws-sdk/client-ec2";
import { AwsCallError, ThrottledError } from "@fleetwatch/onboarding";
import { Ec2InstanceDirectory, Ec2InstanceTagger, Ec2NetworkInterfaces } from "@fleetwatch/onboarding-aws";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";

const ec2 = mockClient(EC2Client);
const client = new EC2Client({ region: "eu-west-1" });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);

function ec2Error(name: string, message: string) {
  return new EC2ServiceException({ name, message, $fault: "client", $metadata: {} });
}

beforeEach(() => ec2.reset());

describe("Ec2InstanceDirectory", () => {
  it("maps DescribeInstances items (Linux and Windows, tags, VPC, launch time) and follows NextToken", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: "i-0abc1234def567890",
                State: { Name: "running", Code: 16 },
                VpcId: "vpc-0123",
                LaunchTime: new Date("2026-11-21T09:00:00Z"),
                Tags: [{ Key: "fleetwatch:status", Value: "installed" }],
              },
            ],
          },
        ],
        NextToken: "page2",
      })
      .resolvesOnce({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: "i-0abc1234def567891",
                State: { Name: "stopped" },
                Platform: "windows" as "Windows",
                LaunchTime: new Date("2026-11-20T09:00:00Z"),
              },
            ],
          },
        ],
      });
    const found = await new Ec2InstanceDirectory(client, "eu-west-1").describe([
      "i-0abc1234def567890",
      "i-0abc1234def567891",
    ]);
    expect(found).toEqual([
      {
        id: "i-0abc1234def567890",
        region: "eu-west-1",
        state: "running",
        vpcId: "vpc-0123",
        launchTime: new Date("2026-11-21T09:00:00Z"),
        tags: { "fleetwatch:status": "installed" },
      },
      {
        id: "i-0abc1234def567891",
        region: "eu-west-1",
        state: "stopped",
        platform: "windows",
        launchTime: new Date("2026-11-20T09:00:00Z"),
        tags: {},
      },
    ]);
    expect(ec2).toHaveReceivedNthCommandWith(DescribeInstancesCommand, 2, { NextToken: "page2" });
  });

  it("reads the primary network interface (device index 0) with its VPC and groups", async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: "i-0abc1234def567890",
              State: { Name: "running" },
              VpcId: "vpc-0123",
              NetworkInterfaces: [
                {
                  NetworkInterfaceId: "eni-0second",
                  VpcId: "vpc-0123",
                  Attachment: { DeviceIndex: 1 },
                  Groups: [{ GroupId: "sg-0other" }],
                },
                {
                  NetworkInterfaceId: "eni-0primary",
                  VpcId: "vpc-0123",
                  Attachment: { DeviceIndex: 0 },
                  Groups: [
                    { GroupId: "sg-0app", GroupName: "app" },
                    { GroupId: "sg-0ssh", GroupName: "ssh" },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const [found] = await new Ec2InstanceDirectory(client, "eu-west-1").describe(["i-0abc1234def567890"]);
    expect(found?.primaryInterface).toEqual({
      id: "eni-0primary",
      vpcId: "vpc-0123",
      groupIds: ["sg-0app", "sg-0ssh"],
    });
  });

  it("asks 1,000 ids per call", async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await new Ec2InstanceDirectory(client, "eu-west-1").describe(ids(2500));
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 3);
    const sizes = ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input.InstanceIds?.length);
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it("leaves out ids EC2 no longer knows and asks again without them", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejectsOnce(
        ec2Error("InvalidInstanceID.NotFound", "The instance IDs 'i-00000000000000001' do not exist"),
      )
      .resolves({
        Reservations: [{ Instances: [{ InstanceId: "i-00000000000000000", State: { Name: "running" } }] }],
      });
    const found = await new Ec2InstanceDirectory(client, "eu-west-1").describe(ids(2));
    expect(found.map((i) => i.id)).toEqual(["i-00000000000000000"]);
    expect(ec2).toHaveReceivedLastCommandWith(DescribeInstancesCommand, {
      InstanceIds: ["i-00000000000000000"],
    });
  });

  it.each([
    ["RequestLimitExceeded", ThrottledError],
    ["UnauthorizedOperation", AwsCallError],
  ])("maps %s to %o", async (name, type) => {
    ec2.on(DescribeInstancesCommand).rejects(ec2Error(name, "no"));
    const failure = new Ec2InstanceDirectory(client, "eu-west-1").describe(ids(1));
    await expect(failure).rejects.toBeInstanceOf(type);
  });

  it("reads one page of running instances per call, with a server-side state filter", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [{ Instances: [{ InstanceId: "i-00000000000000001", State: { Name: "running" } }] }],
        NextToken: "tok-2",
      })
      .resolvesOnce({ Reservations: [] });
    const directory = new Ec2InstanceDirectory(client, "eu-west-1");
    const first = await directory.runningPage();
    expect(first).toMatchObject({ instances: [{ id: "i-00000000000000001" }], nextToken: "tok-2" });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
    expect(await directory.runningPage("tok-2")).toEqual({ instances: [] });
    expect(ec2).toHaveReceivedNthCommandWith(DescribeInstancesCommand, 1, {
      Filters: [{ Name: "instance-state-name", Values: ["running"] }],
      MaxResults: 1000,
    });
    expect(ec2).toHaveReceivedNthCommandWith(DescribeInstancesCommand, 2, { NextToken: "tok-2" });
  });
});

describe("Ec2InstanceTagger", () => {
  it("writes one tag set for up to 1,000 instances per CreateTags", async () => {
    ec2.on(CreateTagsCommand).resolves({});
    await new Ec2InstanceTagger(client).tag(ids(1001), {
      "fleetwatch:status": "installing",
      "fleetwatch:reason": "",
    });
    expect(ec2).toHaveReceivedCommandTimes(CreateTagsCommand, 2);
    expect(ec2).toHaveReceivedNthCommandWith(CreateTagsCommand, 2, {
      Resources: ids(1001).slice(1000),
      Tags: [
        { Key: "fleetwatch:status", Value: "installing" },
        { Key: "fleetwatch:reason", Value: "" },
      ],
    });
  });

  it("removes tags by key, whatever their value", async () => {
    ec2.on(DeleteTagsCommand).resolves({});
    await new Ec2InstanceTagger(client).untag(ids(1), ["fleetwatch:scrape"]);
    expect(ec2).toHaveReceivedCommandWith(DeleteTagsCommand, {
      Resources: ids(1),
      Tags: [{ Key: "fleetwatch:scrape" }],
    });
  });
});

describe("Ec2NetworkInterfaces", () => {
  it("replaces the interface's groups with ModifyNetworkInterfaceAttribute", async () => {
    ec2.on(ModifyNetworkInterfaceAttributeCommand).resolves({});
    await new Ec2NetworkInterfaces(client).setGroups("eni-0primary", ["sg-0app", "sg-0f1ee7"]);
    expect(ec2).toHaveReceivedCommandWith(ModifyNetworkInterfaceAttributeCommand, {
      NetworkInterfaceId: "eni-0primary",
      Groups: ["sg-0app", "sg-0f1ee7"],
    });
  });

  it.each([
    ["RequestLimitExceeded", ThrottledError],
    ["SecurityGroupsPerInterfaceLimitExceeded", AwsCallError],
  ])("maps %s to %o", async (name, type) => {
    ec2.on(ModifyNetworkInterfaceAttributeCommand).rejects(ec2Error(name, "no"));
    await expect(
      new Ec2NetworkInterfaces(client).setGroups("eni-0primary", ["sg-0app"]),
    ).rejects.toBeInstanceOf(type);
  });
});
