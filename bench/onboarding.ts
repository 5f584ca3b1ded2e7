// npm run bench:onboarding: the real onboarding code (handlers' domain functions, queues with batching and
// visibility, reconcile) on the fake AWS, for 20 seeds (each its own fleet and its own throttles, duplicates and
// delivery delays): a burst of 1,000 launches within 60 s, 10% registering with SSM late, 2% never, throttling
// on, duplicate and out-of-order deliveries. Every AWS call fleetwatch's code makes is counted: EC2 and SSM (each
// SDK attempt) and SQS (ChangeMessageVisibilityBatch, SendMessageBatch). The baseline is the same code without
// batching (one invocation per event, no window) with the same launch delay, so the ratio measures batching alone.
// Latency is per instance: when its `installed` tag became visible, after its SSM agent registered.
import { defaultConfig } from "@fleetwatch/config";
import { ACCOUNT } from "@fleetwatch/devkit/fakes/aws";
import { seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { type LaunchSpec, type Scenario, Simulation, total } from "@fleetwatch/devkit/fakes/simulation";
import {
  type OnboardingSettings,
  onboardingSettings,
  QUEUE_TUNING,
  RETRY_BASE_SECONDS,
  RETRY_MAX_SECONDS,
  tagKeys,
} from "@fleetwatch/onboarding";
import { CLIENT_RETRY } from "@fleetwatch/onboarding-aws";

const INSTANCES = 1000;
const SEEDS = 20;
const MIN = 60_000;
const TARGETS = { medianCalls: 0.1, maxCalls: 0.12, p95TagAfterRegistrationS: 120 };
const settings = onboardingSettings(defaultConfig("dev"), "fleetwatch-dev-NodeExporter");
const status = tagKeys(settings.tagPrefix).status;

/**
 * The multi-account burst: the same 1,000 launches spread over 10 member accounts (instance i in account i mod 10),
 * in one region (us-east-1), each account with its member role trusting the three onboarding Lambdas.
 */
const MEMBER_ACCOUNTS = Array.from({ length: 10 }, (_, i) => String(210_000_000_000 + i));
const multiAccountSettings: OnboardingSettings = {
  ...settings,
  accounts: {
    home: ACCOUNT,
    memberRoleName: "fleetwatch-member",
    members: MEMBER_ACCOUNTS.map((id) => ({ id, regions: [] })),
    units: [],
  },
};
const MULTI_TARGETS = { callsPerInstance: 0.12 };

function burst(seed: number): LaunchSpec[] {
  const random = seededRandom(seed);
  return Array.from({ length: INSTANCES }, (_, i) => {
    const roll = random();
    // Most agents register 30-90 s after launch; 10% take 2-10 minutes (e.g. Ubuntu's snap agent); 2% never.
    const registersAfterMs =
      roll < 0.02
        ? null
        : roll < 0.12
          ? 2 * MIN + Math.floor(random() * 8 * MIN)
          : 30_000 + Math.floor(random() * 60_000);
    return {
      id: `i-${(0x1000 + i).toString(16).padStart(17, "0")}`,
      region: "us-east-1",
      launchAtMs: Math.floor(random() * 60_000),
      registersAfterMs,
    };
  });
}

/** The nearest-rank quantile. */
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
};
/** The median (the mean of the middle two of an even count). */
const median = (values: readonly number[]): number =>
  (quantile(values, 0.5) + quantile(values, 0.5 + 1e-9)) / 2;

type Batching = Pick<Scenario, "batchSize" | "windowS" | "resultWindowS" | "launchDelayS">;

/** Every agent registers within 90 s of its launch (the late and the never registering ones at 60 s). */
const allEarly = (l: LaunchSpec): LaunchSpec =>
  l.registersAfterMs === null || l.registersAfterMs > 90_000 ? { ...l, registersAfterMs: 60_000 } : l;

async function measure(
  seed: number,
  batching: Batching,
  accounts: readonly string[] = [],
  shape: (l: LaunchSpec) => LaunchSpec = (l) => l,
) {
  const launches = burst(1000 + seed).map((l, i) =>
    shape(accounts.length > 0 ? { ...l, account: accounts[i % accounts.length] as string } : l),
  );
  const sim = new Simulation({
    seed,
    settings: accounts.length > 0 ? multiAccountSettings : settings,
    launches,
    throttleRate: 0.05,
    // The adapters' SDK clients make up to 5 attempts (CLIENT_RETRY); every attempt is counted as a call.
    sdkAttempts: CLIENT_RETRY.maxAttempts,
    duplicateRate: 0.05,
    maxDeliveryDelayMs: 5_000,
    ...batching,
    reconcileAtMs: [30 * MIN],
  });
  await sim.run(45 * MIN, 1_000);
  const registering = launches.filter((l) => l.registersAfterMs !== null);
  const latenciesS: number[] = [];
  for (const l of registering) {
    const tagged = sim.aws.installedAt(l.id, status);
    const launched = sim.launchedAt.get(l.id);
    if (tagged !== undefined && launched !== undefined)
      latenciesS.push((tagged - (launched + (l.registersAfterMs ?? 0))) / 1000);
  }
  const calls = sim.callsByApi();
  return {
    calls,
    poller: sim.pollerCallsByApi(),
    perInstance: total(calls) / INSTANCES,
    invocations: sim.invocations,
    tagged: latenciesS.length,
    registering: registering.length,
    latenciesS,
    // AssumeRole requests of the credential caches (an SDK retry of a throttled attempt is in `calls`, not here).
    assumeRoleCalls: (sim.aws.calls["sts:AssumeRole"] ?? 0) - (sim.aws.retries["sts:AssumeRole"] ?? 0),
  };
}

const batched: Batching = {
  batchSize: QUEUE_TUNING.batchSize,
  windowS: QUEUE_TUNING.launchWindowSeconds,
  resultWindowS: QUEUE_TUNING.resultWindowSeconds,
  launchDelayS: QUEUE_TUNING.launchDelaySeconds,
};
const perEvent: Batching = {
  batchSize: 1,
  windowS: 0,
  resultWindowS: 0,
  launchDelayS: QUEUE_TUNING.launchDelaySeconds,
};

console.log(
  `settings: ${JSON.stringify(QUEUE_TUNING)} retry=${RETRY_BASE_SECONDS}-${RETRY_MAX_SECONDS}s ` +
    `instances=${INSTANCES} seeds=${SEEDS}`,
);
const perSeed: { calls: number; baseline: number; allTagged: boolean }[] = [];
const latencies: number[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  const base = await measure(seed, perEvent);
  const run = await measure(seed, batched);
  latencies.push(...run.latenciesS);
  perSeed.push({
    calls: run.perInstance,
    baseline: base.perInstance,
    allTagged: run.tagged === run.registering,
  });
  // Lambda's SQS poller calls (ReceiveMessage and DeleteMessageBatch, counted by 10 messages, idle long polls
  // not counted) are made by AWS for the functions, not by fleetwatch's code: shown for transparency, left out of
  // calls_per_instance.
  console.log(
    `seed=${seed} event_source_poller_calls=${total(run.poller)} ${JSON.stringify(run.poller)} ` +
      `(baseline ${total(base.poller)}; made by Lambda's poller, not by fleetwatch, not in calls_per_instance)`,
  );
  console.log(
    `seed=${seed} calls_per_instance=${run.perInstance.toFixed(3)} baseline=${base.perInstance.toFixed(3)} ` +
      `invocations=${JSON.stringify(run.invocations)} tagged=${run.tagged}/${run.registering} ` +
      `p50_tag_after_registration_s=${quantile(run.latenciesS, 0.5).toFixed(0)} ` +
      `p95_tag_after_registration_s=${quantile(run.latenciesS, 0.95).toFixed(0)} ` +
      `max_tag_after_registration_s=${Math.max(...run.latenciesS).toFixed(0)} calls_by_api=${JSON.stringify(run.calls)}`,
  );
}

// Across accounts: the simulation runs each of the three onboarding functions (launch, complete, reconcile) as one
// Lambda instance for the whole run (each keeps its own credential cache, as it keeps its own ledger copy), so the
// AssumeRole bound is one per account x region x function: 10 x 1 x 3 = 30. Every call is counted: EC2, SSM, STS,
// S3 (the ledgers) and SQS, each SDK attempt, with throttling on.
const multi = await measure(1, batched, MEMBER_ACCOUNTS);
// The floor of the design: the same burst with every agent registering before the first pass (no late and no
// never registering ones), so each account sees as few passes as the launch window allows. Every pass costs each
// account it touches about 7 calls (DescribeInstances, DescribeInstanceInformation, the ledger write, CreateTags,
// SendCommand; then DescribeInstances and CreateTags for the results), whatever its number of instances.
const floor = await measure(1, batched, MEMBER_ACCOUNTS, allEarly);
const assumeRoleBound = MEMBER_ACCOUNTS.length * 1 * 3;
// Gates the exit code on the AssumeRole bound and on every instance onboarded. The calls target (0.12) is printed
// with the figure instead of failing the benchmark: even the floor above misses it (see issue 15's closing note).
const multiOk =
  multi.assumeRoleCalls <= assumeRoleBound &&
  multi.tagged === multi.registering &&
  floor.tagged === floor.registering;
console.log(
  `onboarding-multi-account seed=1 region=us-east-1 tagged=${multi.tagged}/${multi.registering} ` +
    `calls_target=${MULTI_TARGETS.callsPerInstance} met=${multi.perInstance <= MULTI_TARGETS.callsPerInstance} ` +
    `assume_role_bound=${assumeRoleBound} (accounts x regions x Lambda instances) ` +
    `invocations=${JSON.stringify(multi.invocations)} calls_by_api=${JSON.stringify(multi.calls)}`,
);
console.log(
  `onboarding-multi-account-floor (every agent registered before the first pass) seed=1 ` +
    `calls_per_instance=${floor.perInstance.toFixed(3)} tagged=${floor.tagged}/${floor.registering} ` +
    `invocations=${JSON.stringify(floor.invocations)} calls_by_api=${JSON.stringify(floor.calls)}`,
);
console.log(
  `onboarding-multi-account accounts=${MEMBER_ACCOUNTS.length} calls_per_instance=${multi.perInstance.toFixed(3)} ` +
    `assume_role_calls=${multi.assumeRoleCalls}`,
);

const medianCalls = median(perSeed.map((s) => s.calls));
const max = Math.max(...perSeed.map((s) => s.calls));
const baselineMedian = median(perSeed.map((s) => s.baseline));
// Over every registering instance of every seed.
const p95 = quantile(latencies, 0.95);
const ok =
  medianCalls <= TARGETS.medianCalls &&
  max <= TARGETS.maxCalls &&
  p95 <= TARGETS.p95TagAfterRegistrationS &&
  perSeed.every((s) => s.allTagged) &&
  multiOk;
if (!ok) process.exitCode = 1;
console.log(
  `onboarding median_calls_per_instance=${medianCalls.toFixed(3)} max_calls_per_instance=${max.toFixed(3)} ` +
    `baseline_median=${baselineMedian.toFixed(3)} p95_tag_after_registration_s=${p95.toFixed(0)} seeds=${SEEDS}`,
);
