import { FakeAws, stateChangeEvent } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import {
  askReadiness,
  carryBody,
  handleStateChanges,
  type QueueMessage,
  tagKeys,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { recordingQueue } from "../support/recording-queue";

const REGION = "us-east-1";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;
const keys = tagKeys(settings.tagPrefix);

function setup(options: { failNext?: Record<string, number> } = {}) {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(3), tagLagMs: 0, ...options });
  const { queue, requeued } = recordingQueue();
  const deps = { ports: aws.ports, settings, now: clock.now, queue, log: { warn: () => {} } };
  const launchedAt = clock.now();
  let seq = 0;
  const carried = (...ns: number[]): QueueMessage => ({
    messageId: `m${++seq}`,
    receiptHandle: `rh-${seq}`,
    receiveCount: 1,
    body: carryBody(ns.map((n) => ({ id: id(n), region: REGION, passes: 3, launchedAt }))),
  });
  return { clock, aws, requeued, deps, launchedAt, carried };
}

describe("askReadiness", () => {
  it("keeps a carried instance still offline waiting, with one question to SSM and no DescribeInstances", async () => {
    const { aws, deps, launchedAt } = setup();
    for (const n of [1, 2]) aws.launch({ id: id(n), region: REGION, registersAfterMs: null });
    const readiness = await askReadiness(
      [1, 2].map((n) => ({ id: id(n), region: REGION, launchedAt })),
      deps,
    );
    expect(readiness.proceed).toEqual([]);
    expect(readiness.outcomes).toEqual(
      [1, 2].map((n) => ({
        id: id(n),
        region: REGION,
        kind: "waiting",
        detail: "not Online with SSM yet",
        launchedAt,
      })),
    );
    expect(aws.calls).toEqual({ "ssm:DescribeInstanceInformation": 1 });
  });

  it("lets an Online instance and one past the readiness bound go on to be described", async () => {
    const { aws, clock, deps, launchedAt } = setup();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0 });
    aws.launch({ id: id(2), region: REGION, registersAfterMs: null });
    clock.advance(settings.readinessTimeoutMs);
    const readiness = await askReadiness(
      [1, 2].map((n) => ({ id: id(n), region: REGION, launchedAt })),
      deps,
    );
    expect(readiness.proceed).toEqual([
      { id: id(1), region: REGION },
      { id: id(2), region: REGION },
    ]);
    expect([...readiness.answered]).toEqual([
      [`${REGION}/${id(1)}`, true],
      [`${REGION}/${id(2)}`, false],
    ]);
    expect(readiness.outcomes).toEqual([]);
  });

  it("makes the instances of a throttled question retry, keeping their launch time", async () => {
    const { aws, deps, launchedAt } = setup({ failNext: { "ssm:DescribeInstanceInformation": 1 } });
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0 });
    const readiness = await askReadiness([{ id: id(1), region: REGION, launchedAt }], deps);
    expect(readiness.proceed).toEqual([]);
    expect(readiness.outcomes).toMatchObject([{ id: id(1), kind: "retry", launchedAt }]);
    // The next pass's question is answered: the instance goes on to be described.
    const next = await askReadiness([{ id: id(1), region: REGION, launchedAt }], deps);
    expect(next.proceed).toEqual([{ id: id(1), region: REGION }]);
    expect(next.outcomes).toEqual([]);
  });
});

describe("handleStateChanges with carried waiting instances", () => {
  it("asks SSM once per pass, describes an instance only once it is Online, and installs it", async () => {
    const { aws, clock, deps, requeued, launchedAt, carried } = setup();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 120_000 });
    await handleStateChanges([carried(1)], deps);
    expect(aws.calls).toEqual({ "ssm:DescribeInstanceInformation": 1 });
    expect(requeued.map((r) => r.body)).toEqual([
      carryBody([{ id: id(1), region: REGION, passes: 4, launchedAt }]),
    ]);

    // The next pass, after it registered: one question to SSM (not two), then the usual pass.
    clock.advance(120_000);
    const before = aws.calls["ssm:DescribeInstanceInformation"] ?? 0;
    await handleStateChanges([{ ...carried(1), body: requeued[0]?.body ?? "" }], deps);
    expect((aws.calls["ssm:DescribeInstanceInformation"] ?? 0) - before).toBe(1);
    expect(aws.calls["ec2:DescribeInstances"]).toBe(1);
    expect(aws.sent.get(id(1))).toHaveLength(1);
    expect(aws.tagsOf(id(1))[keys.status]).toBe("installing");
  });

  it("tags an instance unmanaged once it is past the readiness bound, and carries it no further", async () => {
    const { aws, clock, deps, requeued, carried } = setup();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: null });
    clock.advance(settings.readinessTimeoutMs);
    await handleStateChanges([carried(1)], deps);
    expect(aws.tagsOf(id(1))[keys.status]).toBe("unmanaged");
    expect(requeued).toEqual([]);
    // SSM was asked once in that pass (by the gate), not again by the pass that tagged it.
    expect(aws.calls["ssm:DescribeInstanceInformation"]).toBe(1);
  });

  it("describes at once an instance an EC2 event names, even when a waiting carry names it too", async () => {
    const { aws, clock, deps, carried } = setup();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: null });
    const event: QueueMessage = {
      messageId: "ev",
      receiptHandle: "rh-ev",
      receiveCount: 1,
      body: JSON.stringify(stateChangeEvent(id(1), REGION, "running", clock.millis, "ev-1")),
    };
    await handleStateChanges([carried(1), event], deps);
    expect(aws.calls["ec2:DescribeInstances"]).toBe(1);
  });

  it("finds an instance terminated while it waited gone at the readiness bound, having described it only then", async () => {
    const { aws, clock, deps, requeued, carried } = setup();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: null, terminatesAfterMs: 0 });
    await handleStateChanges([carried(1)], deps);
    expect(aws.calls["ec2:DescribeInstances"]).toBeUndefined();
    expect(requeued).toHaveLength(1);
    clock.advance(settings.readinessTimeoutMs);
    requeued.length = 0;
    await handleStateChanges([carried(1)], deps);
    expect(aws.calls["ec2:DescribeInstances"]).toBe(1);
    expect(requeued).toEqual([]);
  });
});
