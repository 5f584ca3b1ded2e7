import { join } from "node:path";
import { EC2Client } from "@aws-sdk/client-ec2";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { managedKeys, type StatusSummary, tagKeys } from "@fleetwatch/onboarding";
import {
  Ec2InstanceDirectory,
  Ec2InstanceTagger,
  Ec2NetworkInterfaces,
  OrganizationsAccountDirectory,
  S3LedgerStore,
  S3StatusStore,
  SqsMessageQueue,
  SqsWorkQueue,
  SsmCommandRunner,
  SsmManagedNodes,
  stsAssumeRole,
} from "@fleetwatch/onboarding-aws";
import { onboardingAdapterCalls, STATUS_STORE_CALLS, writtenTagKeys } from "@fleetwatch/onboarding-aws/calls";
import { ONBOARDING_STATUS_KEY } from "@fleetwatch/state-layout";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { ROOT } from "../infra/harness";
import { commandsConstructedIn } from "../support/sdk-commands";

const SRC = join(ROOT, "packages/onboarding-aws/src");
const calls = onboardingAdapterCalls({ tagPrefix: "fleetwatch:" });
const listed = new Set(calls.flatMap((c) => (c.sdkCommand ? [c.sdkCommand] : [])));

describe("the onboarding adapters' call list", () => {
  it("lists every command the adapter sources construct", () => {
    const sent = commandsConstructedIn(SRC);
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.filter((c) => !listed.has(c))).toEqual([]);
  });

  it("lists every command the adapters send through their clients", async () => {
    const ec2Mock = mockClient(EC2Client);
    const ssmMock = mockClient(SSMClient);
    const sqsMock = mockClient(SQSClient);
    const s3Mock = mockClient(S3Client);
    ec2Mock.onAnyCommand().resolves({});
    ssmMock.onAnyCommand().resolves({ Command: { CommandId: "c-1" } });
    sqsMock.onAnyCommand().resolves({});
    s3Mock.onAnyCommand().resolves({});
    const stsMock = mockClient(STSClient);
    const orgMock = mockClient(OrganizationsClient);
    stsMock.onAnyCommand().resolves({});
    orgMock.onAnyCommand().resolves({});
    const mocks = [ec2Mock, ssmMock, sqsMock, s3Mock];
    const ec2 = new EC2Client({ region: "eu-west-1" });
    const ssm = new SSMClient({ region: "eu-west-1" });
    await new Ec2InstanceDirectory(ec2, "eu-west-1").describe(["i-0123456789abcdef0"]);
    await new Ec2InstanceDirectory(ec2, "eu-west-1").runningPage();
    await new Ec2InstanceTagger(ec2).tag(["i-0123456789abcdef0"], { "fleetwatch:status": "installed" });
    await new Ec2InstanceTagger(ec2).untag(["i-0123456789abcdef0"], ["fleetwatch:reason"]);
    await new Ec2NetworkInterfaces(ec2).setGroups("eni-0123456789abcdef0", ["sg-0123456789abcdef0"]);
    await new SsmManagedNodes(ssm).online(["i-0123456789abcdef0"]);
    const runner = new SsmCommandRunner(ssm, "doc");
    await runner.send(["i-0123456789abcdef0"], { action: ["install"], version: ["1.9.1"] } as never);
    await runner.inFlight();
    const queue = new SqsMessageQueue(new SQSClient({ region: "eu-west-1" }), "q", "dlq");
    const message = { messageId: "m", receiptHandle: "r", body: "{}", receiveCount: 1 };
    await queue.delay([{ message, seconds: 30 }]);
    await queue.deadLetter([{ message, reason: "bad" }]);
    await queue.requeue([{ id: "c", body: "{}", delaySeconds: 60 }]);
    const store = new S3StatusStore(new S3Client({ region: "eu-west-1" }), "b");
    await store.publish({} as StatusSummary);
    await store.published();
    await store.partNames("run");
    const work = new SqsWorkQueue(new SQSClient({ region: "eu-west-1" }), "q", "dlq");
    await work.enqueue([
      { run: { id: "r", trigger: "schedule", startedAt: "", scopes: [] }, region: "x", page: 0 },
    ]);
    await work.deadLetter("{}", "bad");
    const ledger = new S3LedgerStore(new S3Client({ region: "eu-west-1" }), "b", "eu-west-1");
    await ledger.read().catch(() => undefined);
    await ledger.write({ reservations: {} }, undefined);
    await stsAssumeRole(new STSClient({ region: "eu-west-1" }), "s")("210987654321", "arn:r").catch(() => 0);
    await new OrganizationsAccountDirectory(new OrganizationsClient({ region: "us-east-1" })).activeAccounts([
      "ou-ab12-cdef3456",
    ]);
    const sent = [...mocks, stsMock, orgMock].flatMap((m) =>
      m.calls().map((c) => (c.args[0] as object).constructor.name),
    );
    for (const m of [...mocks, stsMock, orgMock]) m.restore();
    expect(new Set(sent).size).toBe(16);
    expect(sent.filter((c) => !listed.has(c))).toEqual([]);
  });

  it("maps each SDK command to its IAM action explicitly", () => {
    const pairs = new Set(calls.map((c) => `${c.sdkCommand} ${c.action}`));
    expect([...pairs].sort()).toEqual([
      "AssumeRoleCommand sts:AssumeRole",
      "ChangeMessageVisibilityBatchCommand sqs:ChangeMessageVisibility",
      "CreateTagsCommand ec2:CreateTags",
      "DeleteTagsCommand ec2:DeleteTags",
      "DescribeInstanceInformationCommand ssm:DescribeInstanceInformation",
      "DescribeInstancesCommand ec2:DescribeInstances",
      "GetObjectCommand s3:GetObject",
      "ListAccountsForParentCommand organizations:ListAccountsForParent",
      "ListCommandsCommand ssm:ListCommands",
      "ListObjectsV2Command s3:ListBucket",
      "ListOrganizationalUnitsForParentCommand organizations:ListOrganizationalUnitsForParent",
      "ModifyNetworkInterfaceAttributeCommand ec2:ModifyNetworkInterfaceAttribute",
      "PutObjectCommand s3:PutObject",
      "SendCommandCommand ssm:SendCommand",
      "SendMessageBatchCommand sqs:SendMessage",
      "SendMessageCommand sqs:SendMessage",
    ]);
  });

  it("sends the tag keys the domain writes, and the status key the store publishes to", () => {
    expect(writtenTagKeys({ tagPrefix: "fw/" })).toEqual(managedKeys(tagKeys("fw/")));
    expect(writtenTagKeys({ tagPrefix: "fw/" })).not.toContain("fw/ignore");
    expect(STATUS_STORE_CALLS.find((c) => c.by === "S3StatusStore.publish")?.target).toEqual({
      bucket: "state",
      key: ONBOARDING_STATUS_KEY,
    });
  });
});
