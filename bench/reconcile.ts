// npm run bench:reconcile: the fanned-out reconcile (coordinator + workers, the real domain code) on the fake AWS
// at 100,000 instances in 3 regions: DescribeInstances pages of 1,000, 5% of attempts throttled with the SDK's
// 5 attempts per call (each counted), 30% of the fleet needing an install (untagged, an old version, stuck
// `installing`), the launch flow onboarding 1,000 new instances and a second, scheduled run overlapping the
// deploy's run; then a steady-state run. The baseline is the whole fleet in one invocation (the shape of the
// reconcile Lambda before the fan-out, with its 5-minute timeout) on the same fleet.
//
// Latency model (simulated time, no real waiting): every SDK attempt takes a fixed time per operation, close to
// what these APIs answer in one region: DescribeInstances 1.5 s for a page of 1,000 (0.3 s by ids),
// CreateTags/DeleteTags 0.4 s, DescribeInstanceInformation 0.25 s, SendCommand 0.35 s, ListCommands 0.3 s,
// ModifyNetworkInterfaceAttribute 0.3 s, SQS 40 ms, S3 50 ms per request. Before a retry the SDK backs off
// 50 ms (the mean of its full-jitter 100 ms x 2^(k-1) for k = 1; a second retry of one call happens at 5%^2 and
// is charged the same). A call's effect happens when it
// is made; its latency is then waited, so passes overlapping in time interleave their calls (VirtualTime).
// An invocation's duration is the simulated time from taking its item to returning; the worker's timeout is the
// stack's (RECONCILE_TUNING.workerTimeoutSeconds).
import { resolveConfig } from "@fleetwatch/config";
import { FakeAws } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeStatusStore, FakeWorkQueue } from "@fleetwatch/devkit/fakes/reconcile";
import {
  type CallLedger,
  type LatencyModel,
  latentPorts,
  latentQueue,
  latentStatus,
  VirtualTime,
} from "@fleetwatch/devkit/fakes/virtual-time";
import {
  completeCommands,
  type InstanceRef,
  onboardInstances,
  onboardingSettings,
  parseCommandResult,
  parseWorkItem,
  RECONCILE_TUNING,
  reconcile,
  reconcilePage,
  startRun,
  tagKeys,
} from "@fleetwatch/onboarding";
import { CLIENT_RETRY } from "@fleetwatch/onboarding-aws";

const INSTANCES = 100_000;
const LAUNCHES = 1_000;
const MIN = 60_000;
/** The single reconcile Lambda's timeout before the fan-out ("5 minutes" in the stack). */
const BASELINE_TIMEOUT_MS = 300_000;
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"] as const;
const settings = onboardingSettings(
  resolveConfig({ regions: REGIONS.slice(1) }, "dev"),
  "fleetwatch-dev-NodeExporter",
);
const keys = tagKeys(settings.tagPrefix);
const GROUP = settings.groups[0]?.name ?? "default";

const ATTEMPT_MS: Record<string, number> = {
  "ec2:DescribeInstances#page": 1_500,
  "ec2:DescribeInstances": 300,
  "ec2:CreateTags": 400,
  "ec2:DeleteTags": 400,
  "ec2:ModifyNetworkInterfaceAttribute": 300,
  "ssm:DescribeInstanceInformation": 250,
  "ssm:SendCommand": 350,
  "ssm:ListCommands": 300,
  "sqs:SendMessageBatch": 40,
  "sqs:SendMessage": 40,
  "s3:PutObject": 50,
  "s3:GetObject": 50,
  "s3:ListBucket": 50,
};
const model: LatencyModel = {
  attemptMs: (op) => ATTEMPT_MS[op] ?? 300,
  backoffMs: (retry) => 50 * 2 ** (retry - 1),
};

/** The fleet: 70% installed at the configured version; 10% each untagged, an old version, stuck `installing`. */
function fleet(clock: FakeClock): FakeAws {
  const aws = new FakeAws({
    clock,
    random: seededRandom(11),
    throttleRate: 0.05,
    sdkAttempts: CLIENT_RETRY.maxAttempts,
    tagLagMs: 2_000,
  });
  aws.documentName = settings.documentName;
  const installed = (version: string) => ({
    [keys.status]: "installed",
    [keys.nodeExporter]: version,
    [keys.scrape]: "true",
    [keys.group]: GROUP,
  });
  const stuck = {
    [keys.status]: "installing",
    [keys.since]: new Date(clock.millis - 2 * 3_600_000).toISOString(),
  };
  for (let i = 0; i < INSTANCES; i++) {
    const kind = i % 10;
    const tags =
      kind === 0
        ? {}
        : kind === 1
          ? installed("1.0.0")
          : kind === 2
            ? stuck
            : installed(settings.exporter.version);
    aws.launch({
      id: `i-${i.toString(16).padStart(17, "0")}`,
      region: REGIONS[i % REGIONS.length] as string,
      registersAfterMs: 0,
      tags,
    });
  }
  return aws;
}

const installsOf = (aws: FakeAws) =>
  [...aws.sent.values()].map((runs) => runs.filter((r) => r.action === "install").length);

/** The whole fleet in one invocation: its duration against the old 5-minute timeout. */
async function baseline() {
  const clock = new FakeClock();
  const aws = fleet(clock);
  clock.advance(24 * 3_600_000);
  const vt = new VirtualTime(clock);
  const ledger: CallLedger = new Map();
  const started = clock.millis;
  let done = false;
  const ports = latentPorts(aws, vt, model, ledger, "baseline");
  const pass = reconcile({ ports, settings, now: clock.now }).then(() => {
    done = true;
  });
  await vt.run(() => done);
  await pass;
  const ms = clock.millis - started;
  return { ms, fraction: ms / BASELINE_TIMEOUT_MS, calls: ledger.get("baseline") ?? 0 };
}

async function fanOut() {
  const clock = new FakeClock();
  const aws = fleet(clock);
  clock.advance(24 * 3_600_000);
  const vt = new VirtualTime(clock);
  const ledger: CallLedger = new Map();
  const queue = new FakeWorkQueue(clock);
  const store = new FakeStatusStore();
  const durations: number[] = [];
  let stopped = false;
  let busy = 0;

  /** Lambda's SQS poller: at most maxConcurrency invocations, each one item (batch size 1). */
  async function worker(): Promise<void> {
    while (!stopped) {
      const message = queue.receive();
      if (!message) {
        await vt.sleep(1_000);
        continue;
      }
      busy++;
      const item = parseWorkItem(message.body);
      const label = item.run.id;
      const started = clock.millis;
      const deps = {
        ports: latentPorts(aws, vt, model, ledger, label),
        settings,
        now: clock.now,
        queue: latentQueue(queue, vt, model, ledger, label),
        status: latentStatus(store, vt, model, ledger, label),
      };
      const report = await reconcilePage(item, deps, {
        receiveCount: message.receiveCount,
        maxReceiveCount: RECONCILE_TUNING.maxReceiveCount,
      });
      durations.push(clock.millis - started);
      if (report.kind !== "retry") queue.delete(message.id);
      busy--;
    }
  }

  /** The launch flow: 1,000 launches in the first minute, onboarded in batches as the launch queue does. */
  const waiting: { ref: InstanceRef; at: number }[] = [];
  const random = seededRandom(5);
  for (let i = 0; i < LAUNCHES; i++) {
    const id = `i-${(0x100000 + i).toString(16).padStart(17, "0")}`;
    const region = REGIONS[i % REGIONS.length] as string;
    const at = clock.millis + Math.floor(random() * MIN);
    waiting.push({ ref: { id, region }, at: at + 90_000 });
    setLaunch(id, region, at, 30_000 + Math.floor(random() * 60_000));
  }
  function setLaunch(id: string, region: string, at: number, registersAfterMs: number) {
    void vt.sleep(at - clock.millis).then(() => aws.launch({ id, region, registersAfterMs }));
  }
  async function launchFlow(): Promise<void> {
    while (!stopped) {
      await vt.sleep(30_000);
      const due = waiting.filter((w) => w.at <= clock.millis);
      if (due.length === 0) continue;
      for (const d of due) waiting.splice(waiting.indexOf(d), 1);
      const ports = latentPorts(aws, vt, model, ledger, "launch");
      const outcomes = await onboardInstances(
        due.map((d) => d.ref),
        { ports, settings, now: clock.now },
      );
      for (const o of outcomes)
        if (o.kind === "waiting" || o.kind === "retry") waiting.push({ ref: o, at: clock.millis + 30_000 });
    }
  }

  /** Command results, completed every 2 minutes as the result queue batches them. */
  async function resultFlow(): Promise<void> {
    let pending: ReturnType<typeof parseCommandResult>[] = [];
    while (!stopped) {
      await vt.sleep(120_000);
      pending.push(...aws.drainResults().map((e) => parseCommandResult(JSON.stringify(e.body))));
      if (pending.length === 0) continue;
      const ports = latentPorts(aws, vt, model, ledger, "complete");
      const done = await completeCommands(pending, { ports, settings, now: clock.now });
      const again = new Set(done.filter((c) => c.kind === "retry").map((c) => `${c.region}/${c.id}`));
      pending = pending.filter((r) => again.has(`${r.region}/${r.id}`));
    }
  }

  /** The coordinator's invocation, driven in simulated time until it returns. */
  async function coordinator(trigger: "deploy" | "schedule") {
    let result: Awaited<ReturnType<typeof startRun>> | undefined;
    const queueing = latentQueue(queue, vt, model, ledger, "coordinator");
    const run = startRun(trigger, { settings, now: clock.now, queue: queueing }).then((r) => {
      result = r;
    });
    await vt.run(() => result !== undefined);
    await run;
    return (result as Awaited<ReturnType<typeof startRun>>).run;
  }

  const actors = [
    ...Array.from({ length: RECONCILE_TUNING.maxConcurrency }, () => worker()),
    launchFlow(),
    resultFlow(),
  ];
  const start = clock.millis;
  const first = await coordinator("deploy");
  // The schedule fires while the deploy's run is still going: two runs overlap, with the launch flow.
  await vt.run(() => clock.millis - start >= 60_000);
  const second = await coordinator("schedule");
  const settled = () => queue.depth === 0 && busy === 0 && waiting.length === 0;
  await vt.run(() => settled() && clock.millis - start >= 20 * MIN);
  const firstCalls = (ledger.get(first.id) ?? 0) + (ledger.get("coordinator") ?? 0);
  const overlapCalls = ledger.get(second.id) ?? 0;
  const firstSummary = store.history.filter((h) => h.runId === first.id).at(-1);

  ledger.set("coordinator", 0);
  const steadyStart = clock.millis;
  const steady = await coordinator("schedule");
  await vt.run(() => queue.depth === 0 && busy === 0 && clock.millis - steadyStart > 10_000);
  const steadyCalls = (ledger.get(steady.id) ?? 0) + (ledger.get("coordinator") ?? 0);
  const steadySummary = store.history.filter((h) => h.runId === steady.id).at(-1);
  stopped = true;
  await vt.run(() => false);
  await Promise.all(actors);

  const total = INSTANCES + LAUNCHES;
  const runningIds = aws.ids().filter((id) => aws.stateOf(id) === "running");
  const notInstalled = runningIds.filter((id) => aws.tagsOf(id)[keys.status] !== "installed").length;
  return {
    firstPerInstance: firstCalls / INSTANCES,
    overlapPerInstance: overlapCalls / INSTANCES,
    steadyPerInstance: steadyCalls / total,
    longest: Math.max(...durations),
    pages: durations.length,
    sentTwice: installsOf(aws).filter((n) => n > 1).length,
    installs: installsOf(aws).reduce((a, b) => a + b, 0),
    notInstalled,
    firstSummary,
    steadySummary,
    s3: store.totalCalls(),
  };
}

const wall = Date.now();
const base = await baseline();
console.log(
  `baseline (whole fleet in one invocation): duration=${(base.ms / 1000).toFixed(0)}s of a ${BASELINE_TIMEOUT_MS / 1000}s timeout ` +
    `longest_invocation_fraction=${base.fraction.toFixed(2)} calls_per_instance=${(base.calls / INSTANCES).toFixed(4)}`,
);
const r = await fanOut();
const timeoutMs = RECONCILE_TUNING.workerTimeoutSeconds * 1000;
const fraction = r.longest / timeoutMs;
const summaryLine = (s: typeof r.firstSummary) =>
  s ? `${JSON.stringify(s.instancesByStatus)} partial=${s.partial}` : "not published";
console.log(
  `fan-out: worker invocations=${r.pages} longest=${(r.longest / 1000).toFixed(1)}s of ${timeoutMs / 1000}s; ` +
    `installs sent=${r.installs}; overlapping run calls_per_instance=${r.overlapPerInstance.toFixed(4)}; ` +
    `s3 calls=${r.s3}; not installed at the end=${r.notInstalled}`,
);
console.log(`first run status: ${summaryLine(r.firstSummary)}`);
console.log(`steady run status: ${summaryLine(r.steadySummary)}`);
console.log(`(wall time ${((Date.now() - wall) / 1000).toFixed(1)}s)`);
const ok = fraction <= 0.5 && r.sentTwice === 0;
if (!ok) process.exitCode = 1;
console.log(
  `reconcile instances=${INSTANCES} calls_per_instance_first=${r.firstPerInstance.toFixed(4)} ` +
    `calls_per_instance_steady=${r.steadyPerInstance.toFixed(4)} longest_invocation_fraction=${fraction.toFixed(3)} ` +
    `sent_twice=${r.sentTwice}`,
);
