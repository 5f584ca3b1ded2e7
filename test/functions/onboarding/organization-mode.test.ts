import { CreateTagsCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { awsEventWith, sqsEnvelope } from "../../support/aws-events";
import { linkResources, SETTINGS } from "./events";

const org = mockClient(OrganizationsClient);
const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const UNIT = "ou-ab12-cdef3456";
const HOME = "123456789012";
const MEMBER = "210987654321";
const LEAVER = "210000000003";
const NOW = new Date("2026-11-21T09:01:00Z");
const context = { functionName: "onboard", awsRequestId: "req-1" } as Context;
let onboard: typeof import("../../../functions/onboarding/onboard")["handler"];
let complete: typeof import("../../../functions/onboarding/complete")["handler"];

/** A captured sample as `account` sent it (forwarded to the home bus, the event keeps its account). */
function inAccount(body: string, account: string): string {
  const event = JSON.parse(body) as { account: string; resources: string[] };
  event.account = account;
  event.resources = event.resources.map((arn) => arn.replace(/:\d{12}:/, `:${account}:`));
  return JSON.stringify(event);
}
const running = (account: string) =>
  inAccount(awsEventWith("ec2-state-change-running.captured", { region: "us-east-1" }), account);
const result = (account: string) =>
  inAccount(
    awsEventWith("ssm-command-invocation-status.docs", {
      documentName: SETTINGS.documentName,
      region: "us-east-1",
      status: "Success",
    }),
    account,
  );

beforeAll(async () => {
  linkResources();
  // Organization mode: the units' accounts are members, listed at run time.
  process.env.SST_RESOURCE_OnboardingSettings = JSON.stringify({
    ...SETTINGS,
    accounts: { home: HOME, memberRoleName: "fleetwatch-member", members: [], units: [UNIT] },
    type: "sst.sst.Linkable",
  });
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  ({ handler: onboard } = await import("../../../functions/onboarding/onboard"));
  ({ handler: complete } = await import("../../../functions/onboarding/complete"));
});
afterAll(() => vi.useRealTimers());

beforeEach(() => {
  for (const m of [org, ec2, ssm, sqs, s3]) m.reset();
  org.on(ListAccountsForParentCommand).resolves({ Accounts: [{ Id: MEMBER, State: "ACTIVE" }] });
  org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
  sqs.on(SendMessageBatchCommand).resolves({});
});

describe("functions/onboarding in Organization mode", () => {
  // The mocked clients never ask their credentials provider (no AssumeRole is sent): the fake AWS's tests
  // (test/onboarding/membership.test.ts) show that no role of an account that left is assumed.
  it("onboard: lists the unit once for the instance's batches and acknowledges an account that left it, entering nothing", async () => {
    const response = await onboard(sqsEnvelope([running(LEAVER)]), context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(org).toHaveReceivedCommandWith(ListAccountsForParentCommand, { ParentId: UNIT });
    expect(ec2).not.toHaveReceivedCommand(DescribeInstancesCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);

    // The next batch of the same Lambda instance: the listing is reused; the member's event is described there.
    org.resetHistory();
    await onboard(sqsEnvelope([running(MEMBER)]), context);
    expect(org).not.toHaveReceivedCommand(ListAccountsForParentCommand);
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
  });

  it("complete: acknowledges the result of an account that left the unit without a call into it", async () => {
    const response = await complete(sqsEnvelope([result(LEAVER)]), context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(org).toHaveReceivedCommandTimes(ListAccountsForParentCommand, 1);
    expect(ec2).not.toHaveReceivedCommand(DescribeInstancesCommand);
    expect(ec2).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});
