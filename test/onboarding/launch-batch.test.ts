import { FakeAws, stateChangeEvent } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import {
  CARRY,
  carryBody,
  carryDelaySeconds,
  handleStateChanges,
  type QueueMessage,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { recordingQueue } from "../support/recording-queue";

const REGION = "us-east-1";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;

describe("carryDelaySeconds", () => {
  const at = (s: number) => new Date(s * 1000);
  it.each([
    [0, 0, 60],
    [1, 0, 60],
    [1, 10, 110],
    [15, 0, 60],
    [16, 0, 120],
    [17, 0, 240],
    [18, 0, 300],
    [30, 0, 300],
    [17, 30, 270],
  ])(
    "after %i passes at second %i: %i s (the next whole minute after the backoff)",
    (passes, nowS, delay) => {
      expect(carryDelaySeconds(passes, at(nowS))).toBe(delay);
    },
  );
});

/** A launch batch over the fake AWS, its queue recording what is carried and dead-lettered. */
function setup() {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(2), tagLagMs: 0 });
  const { queue, requeued, letters } = recordingQueue();
  const deps = { ports: aws.ports, settings, now: clock.now, queue, log: { warn: () => {} } };
  const message = (messageId: string, instances: { n: number; passes: number }[]): QueueMessage => ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    receiveCount: 1,
    body: carryBody(instances.map(({ n, passes }) => ({ id: id(n), region: REGION, passes }))),
  });
  // The fake launches at the clock's time: what a waiting instance's carried message names as its launch.
  const launchedAt = clock.now();
  return { clock, aws, requeued, letters, deps, message, launchedAt };
}

describe("handleStateChanges, what it carries and dead-letters", () => {
  it("carries the waiting instances one pass further, at the cadence of their passes", async () => {
    const { aws, requeued, letters, deps, message, launchedAt } = setup();
    for (const n of [1, 2, 3]) aws.launch({ id: id(n), region: REGION, registersAfterMs: null });
    const result = await handleStateChanges(
      [
        message("m1", [{ n: 1, passes: 1 }]),
        message("m2", [
          { n: 2, passes: 16 },
          { n: 3, passes: 1 },
        ]),
      ],
      deps,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(letters).toEqual([]);
    expect(requeued).toEqual([
      {
        id: "carry-0",
        body: carryBody([
          { id: id(1), region: REGION, passes: 2, launchedAt },
          { id: id(3), region: REGION, passes: 2, launchedAt },
        ]),
        delaySeconds: 60,
      },
      {
        id: "carry-1",
        body: carryBody([{ id: id(2), region: REGION, passes: 17, launchedAt }]),
        delaySeconds: 240,
      },
    ]);
  });

  it("counts an instance named twice by its most passes", async () => {
    const { aws, requeued, deps, message, launchedAt } = setup();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: null });
    await handleStateChanges(
      [message("m1", [{ n: 1, passes: 3 }]), message("m2", [{ n: 1, passes: 1 }])],
      deps,
    );
    expect(requeued).toEqual([
      {
        id: "carry-0",
        body: carryBody([{ id: id(1), region: REGION, passes: 4, launchedAt }]),
        delaySeconds: 60,
      },
    ]);
  });

  it(`carries an instance into its last pass (${CARRY.maxPasses}), then dead-letters it with its last reason`, async () => {
    const { aws, requeued, letters, deps, message, launchedAt } = setup();
    for (const n of [1, 2]) aws.launch({ id: id(n), region: REGION, registersAfterMs: null });
    const last = message("m2", [{ n: 2, passes: CARRY.maxPasses }]);
    await handleStateChanges([message("m1", [{ n: 1, passes: CARRY.maxPasses - 1 }]), last], deps);
    expect(requeued.map((r) => r.body)).toEqual([
      carryBody([{ id: id(1), region: REGION, passes: CARRY.maxPasses, launchedAt }]),
    ]);
    expect(letters).toEqual([
      {
        message: last,
        reason: `${id(2)} still waiting after ${CARRY.maxPasses} passes: not Online with SSM yet`,
      },
    ]);
  });

  it("dead-letters a refused instance of a shared message as a carried message of its own", async () => {
    const { aws, requeued, letters, deps, message, launchedAt } = setup();
    const full = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`owner:tag-${i}`, "x"]));
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0, tags: full });
    aws.launch({ id: id(2), region: REGION, registersAfterMs: null });
    const shared = message("m1", [
      { n: 1, passes: 4 },
      { n: 2, passes: 1 },
    ]);
    const result = await handleStateChanges([shared], deps);
    expect(result.batchItemFailures).toEqual([]);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.message).toEqual({
      ...shared,
      messageId: `m1/${id(1)}`,
      body: carryBody([{ id: id(1), region: REGION, passes: 4 }]),
    });
    expect(letters[0]?.reason).toContain("TagLimitExceeded");
    expect(requeued.map((r) => r.body)).toEqual([
      carryBody([{ id: id(2), region: REGION, passes: 2, launchedAt }]),
    ]);
  });

  it("neither carries nor dead-letters an instance that is not running", async () => {
    const { aws, clock, requeued, letters, deps } = setup();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: null });
    const stopped: QueueMessage = {
      messageId: "m1",
      receiptHandle: "rh",
      receiveCount: 1,
      body: JSON.stringify(stateChangeEvent(id(1), REGION, "stopped", clock.millis, "ev-1")),
    };
    expect((await handleStateChanges([stopped], deps)).batchItemFailures).toEqual([]);
    expect([requeued, letters]).toEqual([[], []]);
  });
});
