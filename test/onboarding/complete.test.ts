import { FakeAws, type FakeInstanceSpec, stateChangeEvent } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeQueue } from "@fleetwatch/devkit/fakes/queue";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import {
  type BatchDeps,
  completeCommands,
  handleCommandResults,
  handleStateChanges,
  parseCommandResult,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const REGION = "us-east-1";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;
const TAG_LIMIT = { code: "TagLimitExceeded", status: 400 };
const INTERNAL = { code: "InternalError", status: 500 };

/**
 * Instances 1..n installed through the launch handler on the fake AWS, their SSM results on the result queue:
 * the completion under test then sees real command ids, reservations and events.
 */
async function installed(n: number, specs: Partial<FakeInstanceSpec> = {}) {
  const clock = new FakeClock();
  /** Calls to throttle from now on, by operation (the fake reads it on every call). */
  const failNext: Record<string, number> = {};
  const aws = new FakeAws({ clock, random: seededRandom(5), tagLagMs: 0, failNext });
  const queue = (): FakeQueue =>
    new FakeQueue(clock, { visibilityTimeoutS: 750, maxReceiveCount: 24, batchSize: 1000, windowS: 0 });
  const launches = queue();
  const results = queue();
  const deps = (q: FakeQueue): BatchDeps => ({
    ports: aws.ports,
    settings,
    now: clock.now,
    queue: q,
    log: { warn: () => {} },
  });
  for (let i = 1; i <= n; i++) {
    aws.launch({ id: id(i), region: REGION, registersAfterMs: 0, ...specs });
    launches.send(JSON.stringify(stateChangeEvent(id(i), REGION, "running", clock.millis, `ev-${i}`)));
  }
  const batch = launches.receive();
  await handleStateChanges(batch, deps(launches));
  clock.advance(30_000);
  for (const e of aws.drainResults()) results.send(JSON.stringify(e.body));
  /** One invocation of the result handler: receive, handle, delete what was not reported failed. */
  const deliver = async () => {
    const got = results.receive();
    const result = await handleCommandResults(got, deps(results));
    results.settle(got, new Set(result.batchItemFailures.map((f) => f.itemIdentifier)));
    return { batch: got, result };
  };
  const status = (i: number) => aws.tagsOf(id(i))["fleetwatch:status"];
  return { clock, aws, results, deliver, status, deps, failNext };
}

describe("completeCommands", () => {
  it("isolates an instance at EC2's tag limit: the others are tagged, it is refused with AWS's code", async () => {
    const { aws, results, deps } = await installed(4);
    (aws.spec(id(3)) as FakeInstanceSpec).faults = { "ec2:CreateTags": TAG_LIMIT };
    const completions = await completeCommands(
      results.receive().map((m) => parseCommandResult(m.body)),
      deps(results),
    );
    const byId = Object.fromEntries(completions.map((c) => [c.id, c]));
    for (const n of [1, 2, 4]) expect(byId[id(n)]?.kind, id(n)).toBe("installed");
    expect(byId[id(3)]).toMatchObject({
      kind: "refused",
      refusal: { operation: "ec2:CreateTags", code: "TagLimitExceeded" },
    });
    for (const n of [1, 2, 4]) expect(aws.tagsOf(id(n))["fleetwatch:status"]).toBe("installed");
    expect(aws.tagsOf(id(3))["fleetwatch:status"]).toBe("installing");
  });
});

describe("two results for one instance in one batch", () => {
  it.each([
    ["the newer last", false],
    ["the newer first", true],
  ])("count only the newer command's, whatever the order (%s)", async (_, newerFirst) => {
    const { aws, results, deps } = await installed(1);
    const [succeeded] = results.receive().map((m) => parseCommandResult(m.body));
    if (!succeeded) throw new Error("no result delivered");
    const newer = {
      ...succeeded,
      commandId: "newer-command",
      status: "Failed" as const,
      requestedAt: new Date(succeeded.requestedAt.getTime() + 1),
    };
    const completions = await completeCommands(
      newerFirst ? [newer, succeeded] : [succeeded, newer],
      deps(results),
    );
    expect(completions.map((c) => c.kind).sort()).toEqual(["failed", "ignored"]);
    expect(aws.tagsOf(id(1))).toMatchObject({
      "fleetwatch:status": "failed",
      "fleetwatch:command": "newer-command",
    });
  });
});

describe("handleCommandResults under partial failure", () => {
  it("dead-letters the result of an instance EC2 refuses, tags the others, and does not see it again", async () => {
    const { clock, aws, results, deliver, status } = await installed(3);
    (aws.spec(id(2)) as FakeInstanceSpec).faults = { "ec2:CreateTags": TAG_LIMIT };
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([]);
    expect([status(1), status(2), status(3)]).toEqual(["installed", "installing", "installed"]);
    expect(results.deadLetters).toEqual([
      {
        body: expect.stringContaining(id(2)),
        reason: `${id(2)} refused by ec2:CreateTags: TagLimitExceeded (ec2:CreateTags failed: TagLimitExceeded: TagLimitExceeded for ${id(2)})`,
      },
    ]);
    // One bad instance costs O(log n) extra calls: the batch, its halves, the bad one alone.
    expect(aws.calls["ec2:CreateTags"]).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(3)) + 1);
    clock.advance(3_600_000);
    expect(results.receive()).toEqual([]);
    expect(results.depth).toBe(0);
  });

  it("retries only the result of an instance EC2 fails for with a 5xx, and tags it on the next delivery", async () => {
    const { clock, aws, results, deliver, status } = await installed(3);
    const spec = aws.spec(id(1)) as FakeInstanceSpec;
    spec.faults = { "ec2:CreateTags": INTERNAL };
    const first = await deliver();
    expect(first.result.batchItemFailures).toHaveLength(1);
    expect(
      first.batch.find((m) => m.messageId === first.result.batchItemFailures[0]?.itemIdentifier)?.body,
    ).toContain(id(1));
    expect([status(1), status(2), status(3)]).toEqual(["installing", "installed", "installed"]);
    expect(results.deadLetters).toEqual([]);
    delete spec.faults;
    clock.advance(30_000);
    const second = await deliver();
    expect(second.batch).toHaveLength(1);
    expect(second.result.batchItemFailures).toEqual([]);
    expect(status(1)).toBe("installed");
    expect(results.depth).toBe(0);
  });

  it("retries every result when EC2 throttles, with no more calls after the throttle, then tags them", async () => {
    const { clock, aws, deliver, status, results, failNext } = await installed(3);
    const before = aws.calls["ec2:CreateTags"] ?? 0;
    failNext["ec2:CreateTags"] = 1;
    const first = await deliver();
    expect(first.result.batchItemFailures).toHaveLength(3);
    expect((aws.calls["ec2:CreateTags"] ?? 0) - before).toBe(1);
    clock.advance(30_000);
    const second = await deliver();
    expect(second.result.batchItemFailures).toEqual([]);
    expect([status(1), status(2), status(3)]).toEqual(["installed", "installed", "installed"]);
    expect(results.depth).toBe(0);
  });

  it("dead-letters the result of an instance DescribeInstances refuses and completes the others", async () => {
    const { aws, results, deliver, status } = await installed(2);
    (aws.spec(id(2)) as FakeInstanceSpec).faults = {
      "ec2:DescribeInstances": { code: "UnauthorizedOperation", status: 403 },
    };
    const { result } = await deliver();
    expect(result.batchItemFailures).toEqual([]);
    expect(status(1)).toBe("installed");
    expect(results.deadLetters.map((d) => d.reason)).toEqual([
      expect.stringMatching(
        new RegExp(`^${id(2)} refused by ec2:DescribeInstances: UnauthorizedOperation \\(`),
      ),
    ]);
  });
});
