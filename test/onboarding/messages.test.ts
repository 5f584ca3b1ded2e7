import { FakeAws, stateChangeEvent } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeQueue } from "@fleetwatch/devkit/fakes/queue";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import {
  type BatchDeps,
  CARRY,
  CARRY_KIND,
  carryBody,
  type EntryFailure,
  handleCommandResults,
  handleStateChanges,
  type MessageQueue,
  type QueueMessage,
  retryDelaySeconds,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { awsEvent } from "../support/aws-events";

const REGION = "us-east-1";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;

function setup(registersAfterMs: number | null = 0, failNext?: Record<string, number>) {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(3), tagLagMs: 0, ...(failNext ? { failNext } : {}) });
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
  it("carries 25 waiting instances in one new message a minute on, then installs them in one pass", async () => {
    const { clock, aws, queue, launch, deliver } = setup(90_000);
    for (let n = 1; n <= 25; n++) launch(n);
    const first = await deliver();
    // The 25 events are acknowledged; one SendMessageBatch carries them all (not 3 visibility batches).
    expect(first.result.batchItemFailures).toEqual([]);
    expect(queue.calls).toEqual({ "sqs:SendMessageBatch": 1 });
    expect(queue.depth).toBe(1);
    clock.advance(59_000);
    expect(queue.receive()).toEqual([]);
    clock.advance(1_000);
    const second = await deliver();
    expect(second.batch).toHaveLength(1);
    expect(JSON.parse(second.batch[0]?.body ?? "{}").instances).toHaveLength(25);
    expect(queue.calls).toEqual({ "sqs:SendMessageBatch": 2 });
    clock.advance(60_000);
    await deliver();
    for (let n = 1; n <= 25; n++) expect(aws.sent.get(id(n)), id(n)).toHaveLength(1);
    expect(aws.calls["ssm:SendCommand"]).toBe(1);
    expect(queue.depth).toBe(0);
  });

  it("carries an instance once when its event was delivered twice", async () => {
    const { clock, queue, launch, deliver } = setup(null);
    const launchedAt = new Date(clock.millis).toISOString();
    launch(1);
    queue.send(JSON.stringify(stateChangeEvent(id(1), REGION, "running", clock.millis, "ev-dup")));
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([]);
    expect(queue.depth).toBe(1);
    clock.advance(60_000);
    const [carried] = queue.receive();
    expect(JSON.parse(carried?.body ?? "{}")).toEqual({
      kind: CARRY_KIND,
      instances: [{ id: id(1), region: REGION, passes: 1, launchedAt }],
    });
  });

  it("leaves the events on the queue when their carried message is refused, and processes them next time", async () => {
    const { clock, aws, queue, launch, deliver } = setup(30_000);
    launch(1);
    queue.failEntries.add("carry-0");
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "msg-1" }]);
    expect(queue.calls).toEqual({ "sqs:SendMessageBatch": 1, "sqs:ChangeMessageVisibilityBatch": 1 });
    expect(queue.depth).toBe(1);
    clock.advance(30_000);
    await deliver();
    expect(aws.sent.get(id(1))).toHaveLength(1);
    expect(queue.depth).toBe(0);
  });

  it("keeps the messages when the queue calls themselves fail, and never fails the batch", async () => {
    const { launch, deliver, warnings } = setup(null);
    launch(1);
    launch(2);
    const broken: MessageQueue = {
      delay: async () => {
        throw new Error("sqs:ChangeMessageVisibility failed: AccessDenied");
      },
      deadLetter: async () => [],
      requeue: async () => {
        throw new Error("sqs:SendMessage failed: AccessDenied");
      },
    };
    const { result } = await deliver(handleStateChanges, broken);
    expect(result.batchItemFailures).toHaveLength(2);
    expect(warnings.map((w) => w.extra.error)).toEqual([
      "sqs:SendMessage failed: AccessDenied",
      "sqs:ChangeMessageVisibility failed: AccessDenied",
      "sqs:ChangeMessageVisibility failed: AccessDenied",
    ]);
  });

  it("dead-letters an instance still coming back after the last pass, with its reason", async () => {
    const { clock, aws, queue, deliver } = setup(0, { "ssm:DescribeInstanceInformation": 1 });
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0 });
    queue.send(carryBody([{ id: id(1), region: REGION, passes: CARRY.maxPasses }]));
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([]);
    expect(queue.deadLetters).toEqual([
      {
        body: carryBody([{ id: id(1), region: REGION, passes: CARRY.maxPasses }]),
        reason: expect.stringMatching(new RegExp(`^${id(1)} still retry after ${CARRY.maxPasses} passes: `)),
      },
    ]);
    expect(queue.depth).toBe(0);
    clock.advance(60_000);
    expect(queue.receive()).toEqual([]);
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

describe("retryDelaySeconds", () => {
  const at = (s: number) => new Date(s * 1000);
  it.each([
    [0, 0, 30],
    [1, 0, 30],
    [2, 0, 60],
    [4, 0, 240],
    [5, 0, 300],
    [1, 10, 50],
    [2, 45, 75],
  ])(
    "receive %i at second %i waits %i s (the next whole base after the backoff)",
    (receives, nowS, delay) => {
      expect(retryDelaySeconds(receives, at(nowS))).toBe(delay);
    },
  );
});

describe("the queue calls of a batch, exactly", () => {
  const NOW = new Date("2026-01-01T00:00:10.000Z");
  function recording(fail: { deadLetter?: Error | EntryFailure[]; delay?: Error | EntryFailure[] } = {}) {
    const calls: unknown[][] = [];
    const warnings: unknown[][] = [];
    const answer = async (f: Error | EntryFailure[] | undefined) => {
      if (f instanceof Error) throw f;
      return f ?? [];
    };
    const queue: MessageQueue = {
      delay: async (changes) => {
        calls.push(["delay", changes.map((c) => [c.message.messageId, c.seconds])]);
        return answer(fail.delay);
      },
      deadLetter: async (letters) => {
        calls.push(["deadLetter", letters.map((l) => [l.message.messageId, l.reason])]);
        return answer(fail.deadLetter);
      },
      requeue: async () => [],
    };
    const deps: BatchDeps = {
      ports: () => {
        throw new Error("no AWS in this test");
      },
      settings,
      now: () => NOW,
      queue,
      log: { warn: (message, extra) => warnings.push([message, extra]) },
    };
    return { calls, warnings, deps };
  }
  const bad = (messageId: string, receiveCount = 1): QueueMessage => ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: "{",
    receiveCount,
  });
  const REASON = "malformed EC2 state-change event: the message body is not JSON";

  it("dead-letters malformed messages in one call, each logged with its reason", async () => {
    const { calls, warnings, deps } = recording();
    const result = await handleStateChanges([bad("m1"), bad("m2")], deps);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([
      [
        "deadLetter",
        [
          ["m1", REASON],
          ["m2", REASON],
        ],
      ],
    ]);
    expect(warnings).toEqual([
      ["dead-lettering a malformed message", { messageId: "m1", reason: REASON }],
      ["dead-lettering a malformed message", { messageId: "m2", reason: REASON }],
    ]);
  });

  it("keeps on the queue, with its backoff, a malformed message whose dead letter failed", async () => {
    const { calls, warnings, deps } = recording({
      deadLetter: [{ messageId: "m2", error: "KMS.AccessDenied" }],
    });
    const result = await handleStateChanges([bad("m1"), bad("m2", 3), bad("m2", 3)], deps);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m2" }] });
    expect(calls[1]).toEqual(["delay", [["m2", 140]]]);
    expect(warnings.slice(3)).toEqual([
      [
        "dead-letter did not take effect; the message stays on the queue",
        { messageId: "m2", error: "KMS.AccessDenied" },
      ],
    ]);
  });

  it("counts a queue call that throws as every entry failed, and logs each; the batch still reports them", async () => {
    const { warnings, deps } = recording({
      deadLetter: new Error("socket hang up"),
      delay: new Error("throttled"),
    });
    const result = await handleStateChanges([bad("m1"), bad("m2")], deps);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m1" }, { itemIdentifier: "m2" }] });
    expect(warnings.slice(2)).toEqual([
      [
        "dead-letter did not take effect; the message stays on the queue",
        { messageId: "m1", error: "socket hang up" },
      ],
      [
        "dead-letter did not take effect; the message stays on the queue",
        { messageId: "m2", error: "socket hang up" },
      ],
      ["delay did not take effect; the message stays on the queue", { messageId: "m1", error: "throttled" }],
      ["delay did not take effect; the message stays on the queue", { messageId: "m2", error: "throttled" }],
    ]);
  });

  it("makes no queue call for an empty batch", async () => {
    const { calls, warnings, deps } = recording();
    expect(await handleStateChanges([], deps)).toEqual({ batchItemFailures: [] });
    expect([calls, warnings]).toEqual([[], []]);
  });
});
