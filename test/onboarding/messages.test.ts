import {
  type BatchDeps,
  handleCommandResults,
  handleStateChanges,
  type MessageQueue,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { FakeAws, stateChangeEvent } from "../fakes/aws";
import { FakeClock, seededRandom } from "../fakes/clock";
import { FakeQueue } from "../fakes/queue";
import { TWO_REGIONS_TWO_GROUPS as settings } from "../fakes/settings";
import { awsEvent } from "../support/aws-events";

const REGION = "us-east-1";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;

function setup(registersAfterMs: number | null = 0) {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(3), tagLagMs: 0 });
  const queue = new FakeQueue(clock, {
    visibilityTimeoutS: 750,
    maxReceiveCount: 24,
    batchSize: 1000,
    windowS: 0,
  });
  const warnings: { message: string; extra: Record<string, unknown> }[] = [];
  const deps = (q: MessageQueue = queue): BatchDeps => ({
    ports: aws.ports,
    settings,
    now: clock.now,
    queue: q,
    log: { warn: (message, extra) => warnings.push({ message, extra }) },
  });
  const launch = (n: number) => {
    aws.launch({ id: id(n), region: REGION, registersAfterMs });
    queue.send(JSON.stringify(stateChangeEvent(id(n), REGION, "running", clock.millis, `ev-${n}`)));
  };
  /** One invocation: receive, handle, delete what was not reported failed. */
  const deliver = async (handle = handleStateChanges, q?: MessageQueue) => {
    const batch = queue.receive();
    const result = await handle(batch, deps(q));
    queue.settle(batch, new Set(result.batchItemFailures.map((f) => f.itemIdentifier)));
    return { batch, result };
  };
  return { clock, aws, queue, deps, launch, deliver, warnings };
}

describe("handleStateChanges", () => {
  it("delays the messages of 25 waiting instances with 3 ChangeMessageVisibilityBatch calls", async () => {
    const { queue, launch, deliver } = setup(null);
    for (let n = 1; n <= 25; n++) launch(n);
    const { result } = await deliver();
    expect(result.batchItemFailures).toHaveLength(25);
    expect(queue.calls).toEqual({ "sqs:ChangeMessageVisibilityBatch": 3 });
  });

  it("keeps one message per waiting instance and acknowledges its duplicate delivery", async () => {
    const { clock, queue, launch, deliver } = setup(null);
    launch(1);
    queue.send(JSON.stringify(stateChangeEvent(id(1), REGION, "running", clock.millis, "ev-dup")));
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "msg-1" }]);
    expect(queue.depth).toBe(1);
  });

  it("reports a message whose delay entry failed as a failure, and processes it at its next delivery", async () => {
    const { clock, aws, queue, launch, deliver } = setup(60_000);
    launch(1);
    queue.failEntries.add("msg-1");
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "msg-1" }]);
    expect(queue.depth).toBe(1);
    // The delay did not take: the message comes back after the queue's visibility timeout instead.
    clock.advance(60_000);
    expect(queue.receive()).toEqual([]);
    clock.advance(690_000);
    await deliver();
    expect(aws.sent.get(id(1))).toHaveLength(1);
    expect(queue.depth).toBe(0);
  });

  it("keeps the messages when the queue call itself fails, and never fails the batch", async () => {
    const { launch, deliver, warnings } = setup(null);
    launch(1);
    launch(2);
    const broken: MessageQueue = {
      delay: async () => {
        throw new Error("sqs:ChangeMessageVisibility failed: AccessDenied");
      },
      deadLetter: async () => [],
    };
    const { result } = await deliver(handleStateChanges, broken);
    expect(result.batchItemFailures).toHaveLength(2);
    expect(warnings.map((w) => w.extra.error)).toEqual([
      "sqs:ChangeMessageVisibility failed: AccessDenied",
      "sqs:ChangeMessageVisibility failed: AccessDenied",
    ]);
  });

  it("dead-letters a malformed body with its reason and onboards the valid event beside it", async () => {
    const { aws, queue, launch, deliver } = setup(0);
    queue.send("{");
    launch(1);
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([]);
    expect(queue.deadLetters).toEqual([
      { body: "{", reason: "malformed EC2 state-change event: the message body is not JSON" },
    ]);
    expect(aws.sent.get(id(1))).toHaveLength(1);
    expect(queue.depth).toBe(0);
  });

  it("leaves a malformed message whose dead-letter entry failed on the queue, and dead-letters it next time", async () => {
    const { clock, queue, deliver } = setup();
    queue.send("{");
    queue.failEntries.add("msg-1");
    const first = await deliver();
    expect(first.result.batchItemFailures).toEqual([{ itemIdentifier: "msg-1" }]);
    expect(queue.deadLetters).toEqual([]);
    clock.advance(60_000);
    const second = await deliver();
    expect(second.batch).toHaveLength(1);
    expect(second.result.batchItemFailures).toEqual([]);
    expect(queue.deadLetters).toHaveLength(1);
    expect(queue.depth).toBe(0);
  });
});

describe("handleCommandResults", () => {
  it("dead-letters the command-level SSM status event with its reason instead of treating it as a result", async () => {
    const { queue, deliver, warnings } = setup();
    queue.send(awsEvent("ssm-command-status.docs"));
    queue.send(awsEvent("ssm-command-invocation-status.docs"));
    const { result } = await deliver(handleCommandResults);
    expect(result.batchItemFailures).toEqual([]);
    expect(queue.deadLetters).toEqual([
      {
        body: awsEvent("ssm-command-status.docs"),
        reason:
          'malformed SSM command invocation event: detail-type: Invalid input: expected "EC2 Command Invocation Status-change Notification"',
      },
    ]);
    expect(warnings.map((w) => w.extra.messageId)).toEqual(["msg-1"]);
    expect(queue.depth).toBe(0);
  });
});
