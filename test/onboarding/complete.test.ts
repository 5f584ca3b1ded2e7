// @ts-nocheck
import { FakeAws, type FakeInstanceSpec, stateChangeEvent } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeQueue } from "@fleetwatch/devkit/fakes/queue";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import {
  AwsCallError,
  type BatchDeps,
  completeCommands,
  handleCommandResults,
  handleStateChanges,
  managedKeys,
  parseCommandResult,
  ThrottledError,
  tagKeys,
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

describe("completeCommands, exact completions and tags", () => {
  const NOW = new Date("2026-01-01T02:00:00.000Z");
  const AT = NOW.toISOString();
  const SINCE = "2026-01-01T01:00:00.000Z";
  const VERSION = settings.exporter.version;
  const DOC = settings.documentName;
  const inst = (n: number, tags = {}, over = {}) => ({
    id: id(n),
    region: REGION,
    state: "running",
    launchTime: new Date("2026-01-01T00:00:00.000Z"),
    tags: { "fleetwatch:since": SINCE, ...tags },
    ...over,
  });
  const installing = { "fleetwatch:status": "installing" };
  const uninstalling = { "fleetwatch:status": "uninstalling", "fleetwatch:ignore": "true" };
  const result = (n: number, status = "Success", over = {}) => ({
    id: id(n),
    region: REGION,
    commandId: `cmd-${n}`,
    documentName: DOC,
    requestedAt: new Date("2026-01-01T01:30:00.000Z"),
    status,
    ...over,
  });
  /** Ports over `instances` that record every call; `fail` may throw for a call. */
  function run(
    instances,
    results,
    fail: (call: string, ids: string[], arg?: unknown) => Error | undefined = () => undefined,
    extra = {},
  ) {
    const calls: unknown[][] = [];
    const ports = {
      instances: {
        describe: async (ids) => {
          calls.push(["describe", [...ids]]);
          const error = fail("describe", [...ids]);
          if (error) throw error;
          return instances.filter((i) => ids.includes(i.id));
        },
      },
      tagger: {
        tag: async (ids, tags) => {
          calls.push(["tag", [...ids], tags]);
          const error = fail("tag", [...ids], tags);
          if (error) throw error;
        },
        untag: async (ids, keys) => {
          calls.push(["untag", [...ids], [...keys]]);
          const error = fail("untag", [...ids]);
          if (error) throw error;
        },
      },
      interfaces: { setGroups: async () => {} },
    };
    const done = completeCommands(results, {
      ports: () => ports,
      settings: { ...settings, ...extra },
      now: () => NOW,
    });
    return { calls, done };
  }
  const at = (n: number, kind: string, detail?: string, over = {}) => ({
    id: id(n),
    region: REGION,
    commandId: `cmd-${n}`,
    kind,
    ...(detail === undefined ? {} : { detail }),
    ...over,
  });

  it("ignores results with their reason, and writes no tag for them", async () => {
    const { calls, done } = run(
      [
        inst(2, installing, { state: "stopped" }),
        inst(3),
        inst(4, { "fleetwatch:status": "installing", "fleetwatch:since": "2026-01-01T01:45:00.000Z" }),
        inst(5, installing),
        inst(6, installing),
        inst(7, { "fleetwatch:status": "installing", "fleetwatch:since": "" }),
      ],
      [
        result(1, "Success", { documentName: "AWS-RunShellScript" }),
        result(8),
        result(2),
        result(3),
        result(4),
        result(5, "InProgress"),
        result(6, "Failed"),
        result(6, "Success", { commandId: "cmd-6b" }),
        result(7, "Pending"),
      ],
    );
    expect(await done).toEqual([
      at(1, "ignored", "another document"),
      at(8, "ignored", "instance gone"),
      at(2, "ignored", "instance gone"),
      at(3, "ignored", "no fleetwatch status"),
      at(4, "ignored", "requested before 2026-01-01T01:45:00.000Z"),
      at(5, "ignored", "status InProgress is not final"),
      { ...at(6, "ignored", "a newer result in the batch"), commandId: "cmd-6b" },
      at(7, "ignored", "status Pending is not final"),
      at(6, "failed", "command-failed"),
    ]);
    expect(calls.filter((c) => c[0] !== "describe").map((c) => c[1])).toEqual([[id(6)]]);
  });

  it("keeps the newest result of an instance, the later one in the batch on a tie", async () => {
    const early = new Date("2026-01-01T01:10:00.000Z");
    const { done } = run(
      [inst(1, installing), inst(2, installing)],
      [
        result(1, "Success", { commandId: "cmd-1" }),
        result(1, "Failed", { commandId: "cmd-1-old", requestedAt: early }),
        result(2, "Failed", { commandId: "cmd-2-old", requestedAt: early }),
        result(2, "Success"),
      ],
    );
    expect((await done).map((c) => `${c.commandId} ${c.kind}`)).toEqual([
      "cmd-1-old ignored",
      "cmd-2-old ignored",
      "cmd-1 installed",
      "cmd-2 installed",
    ]);
  });

  it("tags installs by group: scrape, group, version, installed; an opted-out one gets no scrape tags", async () => {
    const { calls, done } = run(
      [
        inst(1, { ...installing, role: "web" }),
        inst(2, installing),
        inst(3, { ...installing, "fleetwatch:ignore": "true" }),
        inst(4, { ...installing, role: "web" }),
      ],
      [result(1), result(2), result(3), result(4)],
    );
    await done;
    const base = {
      "fleetwatch:node-exporter": VERSION,
      "fleetwatch:status": "installed",
      "fleetwatch:reason": "",
      "fleetwatch:since": AT,
    };
    expect(calls.slice(1)).toEqual([
      ["tag", [id(1), id(4)], { "fleetwatch:scrape": "true", "fleetwatch:group": "web", ...base }],
      ["tag", [id(2)], { "fleetwatch:scrape": "true", "fleetwatch:group": "default", ...base }],
      ["tag", [id(3)], base],
    ]);
    expect(await done).toEqual([
      at(1, "installed", "web"),
      at(4, "installed", "web"),
      at(2, "installed", "default"),
      at(3, "installed", "opted out: to be uninstalled"),
    ]);
  });

  it.each([
    ["Failed", "command-failed"],
    ["Undeliverable", "command-failed"],
    ["TimedOut", "command-timed-out"],
    ["DeliveryTimedOut", "command-timed-out"],
    ["ExecutionTimedOut", "command-timed-out"],
    ["Cancelled", "command-cancelled"],
    ["Terminated", "command-cancelled"],
  ])("tags a %s install `failed` (%s) with its command and one more attempt", async (status, reason) => {
    const { calls, done } = run(
      [inst(1, { ...installing, "fleetwatch:attempts": `1@${VERSION}` })],
      [result(1, status)],
    );
    expect(await done).toEqual([at(1, "failed", reason)]);
    expect(calls.slice(1)).toEqual([
      [
        "tag",
        [id(1)],
        {
          "fleetwatch:status": "failed",
          "fleetwatch:reason": reason,
          "fleetwatch:command": "cmd-1",
          "fleetwatch:since": AT,
          "fleetwatch:attempts": `2@${VERSION}`,
        },
      ],
    ]);
  });

  it("tags failures by reason, command and attempts: one tag set each", async () => {
    const { calls, done } = run(
      [
        inst(1, installing),
        inst(2, { ...installing, "fleetwatch:attempts": `1@${VERSION}` }),
        inst(3, installing),
      ],
      [
        result(1, "Failed", { commandId: "c" }),
        result(2, "Failed", { commandId: "c" }),
        result(3, "Failed", { commandId: "c" }),
      ],
    );
    await done;
    expect(calls.slice(1).map((c) => [c[1], c[2]["fleetwatch:attempts"]])).toEqual([
      [[id(1), id(3)], `1@${VERSION}`],
      [[id(2)], `2@${VERSION}`],
    ]);
  });

  it("removes every managed tag on a successful uninstall; a failed one is `failed` (uninstall-failed)", async () => {
    const { calls, done } = run(
      [inst(1, uninstalling), inst(2, uninstalling)],
      [result(1), result(2, "Failed")],
    );
    expect(await done).toEqual([at(1, "uninstalled"), at(2, "failed", "uninstall-failed")]);
    expect(calls.slice(1)).toEqual([
      [
        "tag",
        [id(2)],
        {
          "fleetwatch:status": "failed",
          "fleetwatch:reason": "uninstall-failed",
          "fleetwatch:command": "cmd-2",
          "fleetwatch:since": AT,
          "fleetwatch:attempts": `1@${VERSION}`,
        },
      ],
      ["untag", [id(1)], managedKeys(tagKeys("fleetwatch:"))],
    ]);
  });

  it("refuses every result of an instance AWS will not describe; the others complete", async () => {
    const refusal = new AwsCallError("ec2:DescribeInstances", "UnauthorizedOperation: no");
    const { done } = run(
      [inst(1, installing), inst(2, installing)],
      [result(2), result(1), result(2, "Success", { commandId: "cmd-2b" })],
      (call, ids) => (call === "describe" && ids.includes(id(2)) ? refusal : undefined),
    );
    const refused = {
      detail: "ec2:DescribeInstances failed: UnauthorizedOperation: no",
      refusal: {
        operation: "ec2:DescribeInstances",
        code: "UnauthorizedOperation",
        message: "ec2:DescribeInstances failed: UnauthorizedOperation: no",
      },
    };
    expect(await done).toEqual([
      { ...at(2, "refused"), ...refused },
      { ...at(2, "refused"), ...refused, commandId: "cmd-2b" },
      at(1, "installed", "default"),
    ]);
  });

  it("makes no call after AWS throttled one in the region: the rest retry with the throttle's message", async () => {
    const throttle = new ThrottledError("ec2:CreateTags");
    const { calls, done } = run(
      [inst(1, installing), inst(2, installing), inst(3, uninstalling)],
      [result(1), result(2, "Failed"), result(3)],
      (call) => (call === "tag" ? throttle : undefined),
    );
    const detail = "ec2:CreateTags was throttled; retry later";
    expect(await done).toEqual([at(1, "retry", detail), at(2, "retry", detail), at(3, "retry", detail)]);
    expect(calls.map((c) => c[0])).toEqual(["describe", "tag"]);
  });

  const GROUP = { securityGroup: { id: "sg-fw", vpcId: "vpc-1" } };
  const groupFails = (error: Error) => (call: string, _ids: string[], tags?: Record<string, string>) =>
    call === "tag" && tags && Object.keys(tags).join() === "fleetwatch:reason" ? error : undefined;

  it("completes with a note when AWS refuses the security group's reason tag", async () => {
    const { done } = run(
      [inst(1, installing), inst(2, uninstalling), inst(3, installing)],
      [result(1), result(2), result(3, "Failed")],
      groupFails(new AwsCallError("ec2:CreateTags", "TagLimitExceeded: full")),
      GROUP,
    );
    const note = "security group not synced: ec2:CreateTags failed: TagLimitExceeded: full";
    expect(await done).toEqual([
      at(1, "installed", `default; ${note}`),
      at(2, "uninstalled", note),
      at(3, "failed", "command-failed"),
    ]);
  });

  it("retries the installs and uninstalls when the security group's write is throttled; failures still complete", async () => {
    const { done } = run(
      [inst(1, installing), inst(2, uninstalling), inst(3, installing)],
      [result(1), result(2), result(3, "Failed")],
      groupFails(new ThrottledError("ec2:CreateTags")),
      GROUP,
    );
    const detail = "ec2:CreateTags was throttled; retry later";
    expect(await done).toEqual([
      at(1, "retry", detail),
      at(2, "retry", detail),
      at(3, "failed", "command-failed"),
    ]);
  });

  it("fails the batch on an error of the security group that is not AWS's (a bug)", async () => {
    const { done } = run([inst(1, installing)], [result(1)], groupFails(new TypeError("boom")), GROUP);
    await expect(done).rejects.toThrow("boom");
  });
});
