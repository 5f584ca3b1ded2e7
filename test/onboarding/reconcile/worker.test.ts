import { FakeAws } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { drainWork, FakeStatusStore, FakeWorkQueue } from "@fleetwatch/devkit/fakes/reconcile";
import { TWO_REGIONS_TWO_GROUPS } from "@fleetwatch/devkit/fakes/settings";
import {
  AwsCallError,
  completeCommands,
  type OnboardingSettings,
  type PortsFor,
  parseCommandResult,
  RECONCILE_TUNING,
  type RunRef,
  reconcilePage,
  startRun,
  type WorkerDeps,
} from "@fleetwatch/onboarding";
import { ONBOARDING_STATUS_KEY } from "@fleetwatch/state-layout";
import { describe, expect, it } from "vitest";

const settings: OnboardingSettings = { ...TWO_REGIONS_TWO_GROUPS, regions: ["us-east-1", "eu-west-1"] };
const id = (region: string, n: number) =>
  `i-${region === "us-east-1" ? "a" : "b"}${n.toString(16).padStart(16, "0")}`;

/** `counts` untagged, Online instances per region, launched an hour before the run. */
function fleet(counts: Record<string, number>) {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(3), tagLagMs: 2_000 });
  for (const [region, n] of Object.entries(counts))
    for (let i = 0; i < n; i++) aws.launch({ id: id(region, i), region, registersAfterMs: 0 });
  clock.advance(3_600_000);
  const queue = new FakeWorkQueue(clock);
  const status = new FakeStatusStore();
  const deps: WorkerDeps = { ports: aws.ports, settings, now: clock.now, queue, status };
  return { clock, aws, queue, status, deps };
}

const installsPer = (aws: FakeAws) =>
  [...aws.sent.values()].map((runs) => runs.filter((r) => r.action === "install").length);

describe("startRun", () => {
  it("only enqueues one item per region, in one SendMessageBatch", async () => {
    const { queue, deps, aws } = fleet({ "us-east-1": 1 });
    const { run, items } = await startRun("deploy", deps);
    expect(items.map((i) => [i.region, i.page, i.token])).toEqual([
      ["us-east-1", 0, undefined],
      ["eu-west-1", 0, undefined],
    ]);
    expect(run.scopes).toEqual(["us-east-1", "eu-west-1"]);
    expect(queue.calls).toEqual({ "sqs:SendMessageBatch": 1 });
    expect(aws.totalCalls()).toBe(0);
  });

  it("throws what the queue throws (the handler decides), and the next run starts afresh", async () => {
    const { queue, deps } = fleet({});
    queue.failNext = 1;
    await expect(startRun("schedule", deps)).rejects.toThrow("ServiceUnavailable");
    expect(queue.depth).toBe(0);
    await startRun("schedule", deps);
    expect(queue.depth).toBe(2);
  });
});

describe("reconcilePage", () => {
  it("chains pages of 1,000: enqueues the next page before working on its own, and publishes the whole run", async () => {
    const { clock, aws, queue, status, deps } = fleet({ "us-east-1": 2_500, "eu-west-1": 10 });
    await startRun("schedule", deps);
    const order: string[] = [];
    const reports = await drainWork(queue, deps, clock, {
      beforeEach: (item) =>
        order.push(`${item.region}#${item.page} sent=${aws.calls["ssm:SendCommand"] ?? 0}`),
    });
    expect(
      reports.map((r) => [r.item.region, r.item.page, r.kind, r.kind === "done" && r.instances]),
    ).toEqual([
      ["us-east-1", 0, "done", 1000],
      ["eu-west-1", 0, "done", 10],
      ["us-east-1", 1, "done", 1000],
      ["us-east-1", 2, "done", 500],
    ]);
    // Page 1's item was on the queue before page 0 sent its first command.
    const page1 = queue.sent.findIndex((i) => i.page === 1);
    expect(page1).toBe(2);
    expect(order[2]).toBe("us-east-1#1 sent=21");
    expect(installsPer(aws).every((n) => n === 1)).toBe(true);
    expect(aws.sent.size).toBe(2_510);
    const summary = JSON.parse(status.objects.get(ONBOARDING_STATUS_KEY) ?? "{}");
    expect(summary).toMatchObject({
      instancesByStatus: { installing: 2_510 },
      partial: false,
      pendingRegions: [],
    });
    expect(status.history.map((h) => h.pendingRegions)).toEqual([["us-east-1"], []]);
  });

  it("reports a region whose describe keeps failing, dead-letters its item with the reason, and never blocks the others", async () => {
    const { clock, aws, queue, status, deps } = fleet({ "us-east-1": 5, "eu-west-1": 5 });
    const failing: PortsFor = (region) => {
      const ports = aws.ports(region);
      if (region !== "eu-west-1") return ports;
      const denied = async () => {
        throw new AwsCallError("ec2:DescribeInstances", "UnauthorizedOperation: not allowed in eu-west-1");
      };
      return { ...ports, instances: { ...ports.instances, runningPage: denied } };
    };
    await startRun("schedule", deps);
    const reports = await drainWork(queue, { ...deps, ports: failing }, clock);
    expect(reports.map((r) => `${r.item.region} ${r.kind}`)).toEqual([
      "us-east-1 done",
      "eu-west-1 retry",
      "eu-west-1 retry",
      "eu-west-1 dead-lettered",
    ]);
    expect(queue.deadLetters).toEqual([
      {
        body: expect.stringContaining('"region":"eu-west-1"'),
        reason:
          "eu-west-1 page 0: ec2:DescribeInstances failed: UnauthorizedOperation: not allowed in eu-west-1",
      },
    ]);
    expect(JSON.parse(status.objects.get(ONBOARDING_STATUS_KEY) ?? "{}")).toMatchObject({
      instancesByStatus: { installing: 5 },
      failedRegions: ["eu-west-1"],
      pendingRegions: [],
      partial: true,
    });
    // The next run, with the region readable again, is whole.
    clock.advance(30 * 60_000);
    await startRun("schedule", deps);
    await drainWork(queue, deps, clock);
    expect(JSON.parse(status.objects.get(ONBOARDING_STATUS_KEY) ?? "{}")).toMatchObject({
      failedRegions: [],
      partial: false,
    });
  });

  it("re-runs a page whose worker died mid-page without sending twice, and the duplicate next page is harmless", async () => {
    const { clock, aws, queue, status, deps } = fleet({ "us-east-1": 1_500, "eu-west-1": 0 });
    let crashes = 1;
    const crashing: PortsFor = (region) => {
      const ports = aws.ports(region);
      const send: typeof ports.commands.send = async (ids, parameters) => {
        const commandId = await ports.commands.send(ids, parameters);
        // The Lambda dies (timeout) after its first sends: its item comes back after the visibility timeout.
        if (crashes > 0 && (aws.calls["ssm:SendCommand"] ?? 0) >= 3) {
          crashes--;
          throw new Error("Task timed out after 120.00 seconds");
        }
        return commandId;
      };
      return { ...ports, commands: { ...ports.commands, send } };
    };
    const crashDeps = { ...deps, ports: crashing };
    await startRun("schedule", deps);
    const reports = await drainWork(queue, crashDeps, clock);
    expect(reports.map((r) => `${r.item.region}#${r.item.page} ${r.kind}`)).toEqual([
      "us-east-1#0 retry",
      "eu-west-1#0 done",
      "us-east-1#1 done",
      "us-east-1#0 done",
      "us-east-1#1 done",
    ]);
    // The dead worker had reserved its whole page (`installing`) and sent to 150: the re-run sends to none of
    // page 0, the 850 reserved but unsent wait for the install timeout; page 1, worked twice, was sent once.
    expect(installsPer(aws).every((n) => n === 1)).toBe(true);
    expect(aws.sent.size).toBe(150 + 500);
    expect(JSON.parse(status.objects.get(ONBOARDING_STATUS_KEY) ?? "{}")).toMatchObject({
      instancesByStatus: { installing: 1_500 },
      partial: false,
    });
    // The results come back; past the install timeout the next run sends to the 850, and to nobody else.
    clock.advance(60_000);
    const results = aws.drainResults().map((e) => parseCommandResult(JSON.stringify(e.body)));
    await completeCommands(results, deps);
    clock.advance(settings.installTimeoutMs);
    await startRun("schedule", deps);
    await drainWork(queue, deps, clock);
    expect(installsPer(aws).every((n) => n === 1)).toBe(true);
    expect(aws.sent.size).toBe(1_500);
  });

  it("still reconciles its page when the status cannot be written, and says so", async () => {
    const { aws, status, deps } = fleet({ "us-east-1": 3 });
    status.failPuts = 1;
    const run: RunRef = {
      id: "2026-11-21T09:00:00.000Z-schedule",
      trigger: "schedule",
      startedAt: "2026-11-21T09:00:00.000Z",
      scopes: ["us-east-1"],
    };
    const report = await reconcilePage({ run, region: "us-east-1", page: 0 }, deps, {
      receiveCount: 1,
      maxReceiveCount: RECONCILE_TUNING.maxReceiveCount,
    });
    expect(report).toMatchObject({
      kind: "done",
      instances: 3,
      statusError: "s3:PutObject failed: AccessDenied",
    });
    expect(aws.sent.size).toBe(3);
    expect(status.objects.has(ONBOARDING_STATUS_KEY)).toBe(false);
  });
});
