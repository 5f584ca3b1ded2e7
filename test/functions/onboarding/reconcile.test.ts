import { SendMessageBatchCommand, SQSClient, SQSServiceException } from "@aws-sdk/client-sqs";
import type { WorkItem } from "@fleetwatch/onboarding";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { linkResources } from "./events";

const sqs = mockClient(SQSClient);
const context = { functionName: "reconcile", awsRequestId: "req-3" } as Context;
const unavailable = () =>
  new SQSServiceException({
    name: "ServiceUnavailable",
    message: "try later",
    $fault: "server",
    $metadata: {},
  });

async function coordinator() {
  vi.resetModules();
  return (await import("../../../functions/onboarding/reconcile")).handler;
}

beforeEach(() => {
  linkResources();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

describe("functions/onboarding/reconcile (the coordinator)", () => {
  it("starts a run: one work item per region on the work queue, nothing else", async () => {
    const handler = await coordinator();
    const result = await handler({ trigger: "deploy" }, context);
    expect(result).toEqual({
      trigger: "deploy",
      runId: expect.stringMatching(/^\d{4}-.*Z-deploy$/),
      enqueued: 1,
    });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    const input = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toContain("OnboardingReconcileQueue");
    const items = (input?.Entries ?? []).map((e) => JSON.parse(String(e.MessageBody)) as WorkItem);
    expect(items).toEqual([
      {
        run: {
          id: result && "runId" in result ? result.runId : "",
          trigger: "deploy",
          startedAt: expect.any(String),
          scopes: ["us-east-1"],
        },
        region: "us-east-1",
        page: 0,
      },
    ]);
  });

  it("never fails the deploy: SQS down, or entries SQS refused, come back as a result", async () => {
    const handler = await coordinator();
    sqs.on(SendMessageBatchCommand).rejects(unavailable());
    await expect(handler({ trigger: "deploy" }, context)).resolves.toEqual({
      trigger: "deploy",
      error: expect.stringContaining("ServiceUnavailable"),
    });
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: "item-0", Code: "AccessDenied", SenderFault: true, Message: "denied" }],
    });
    await expect(handler({ trigger: "deploy" }, context)).resolves.toMatchObject({
      error: "sqs:SendMessageBatch failed: 1 of 1 not sent (item-0 AccessDenied: denied)",
    });
  });

  it("never fails the deploy when its linked settings cannot be read (what would be an init error)", async () => {
    vi.doMock("../../../functions/onboarding/context", () => ({
      linkedSettings: () => {
        throw new Error('"OnboardingSettings" is not linked');
      },
    }));
    const handler = await coordinator();
    vi.doUnmock("../../../functions/onboarding/context");
    await expect(handler({ trigger: "deploy" }, context)).resolves.toEqual({
      trigger: "deploy",
      error: '"OnboardingSettings" is not linked',
    });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it("fails a scheduled run, so it shows in the function's errors; the next schedule starts afresh", async () => {
    const handler = await coordinator();
    sqs.on(SendMessageBatchCommand).rejectsOnce(unavailable()).resolves({ Failed: [] });
    await expect(handler({ trigger: "schedule" }, context)).rejects.toThrow("ServiceUnavailable");
    await expect(handler({}, context)).resolves.toMatchObject({ trigger: "schedule", enqueued: 1 });
  });
});
