// npm run bench:onboarding: the real onboarding code (handlers' domain functions, queues with batching and
// visibility, reconcile) on the fake AWS: a burst of 1,000 launches within 60 s, 10% registering with SSM late,
// 2% never, throttling on, duplicate and out-of-order deliveries. The baseline is the same code without
// batching: one invocation per event, so one DescribeInstanceInformation, SendCommand and CreateTags per instance.
import { defaultConfig } from "@fleetwatch/config";
import { onboardingSettings, QUEUE_TUNING, tagKeys } from "@fleetwatch/onboarding";
import { CLIENT_RETRY } from "@fleetwatch/onboarding-aws";
import { seededRandom } from "../test/fakes/clock";
import { type LaunchSpec, type Scenario, Simulation } from "../test/fakes/simulation";

const INSTANCES = 1000;
const MIN = 60_000;
const settings = onboardingSettings(defaultConfig("dev"), "fleetwatch-dev-NodeExporter");
const status = tagKeys(settings.tagPrefix).status;

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

async function measure(
  label: string,
  batching: Pick<Scenario, "batchSize" | "windowS" | "resultWindowS" | "launchDelayS">,
) {
  const launches = burst(42);
  const sim = new Simulation({
    seed: 7,
    settings,
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
  const installedAt = registering.map((l) => sim.aws.installedAt(l.id, status));
  const tagged = installedAt.filter((t) => t !== undefined).length;
  const lastTaggedS = Math.max(...installedAt.map((t) => ((t ?? sim.start) - sim.start) / 1000));
  const invocations = sim.invocations.onboard + sim.invocations.complete + sim.invocations.reconcile;
  const perInstance = sim.aws.totalCalls() / INSTANCES;
  const doubleSends = [...sim.aws.sent.values()].filter(
    (runs) => runs.filter((r) => r.action === "install").length > 1,
  ).length;
  const unmanaged = launches.filter((l) => sim.aws.tagsOf(l.id)[status] === "unmanaged").length;
  console.log(
    `${label}: calls=${sim.aws.totalCalls()} calls_per_instance=${perInstance.toFixed(3)} invocations=${invocations} ` +
      `(onboard=${sim.invocations.onboard} complete=${sim.invocations.complete} reconcile=${sim.invocations.reconcile}) ` +
      `tagged=${tagged}/${registering.length} registering, unmanaged=${unmanaged} ` +
      `instances_sent_twice=${doubleSends} last_tagged_after=${lastTaggedS.toFixed(0)}s calls_by_api=${JSON.stringify(sim.aws.calls)}`,
  );
  return { perInstance, invocations, tagged, registering: registering.length };
}

const baseline = await measure("baseline (one invocation per event)", { batchSize: 1, windowS: 0 });
const batched = await measure("onboarding (batched)", {
  batchSize: QUEUE_TUNING.batchSize,
  windowS: QUEUE_TUNING.launchWindowSeconds,
  resultWindowS: QUEUE_TUNING.resultWindowSeconds,
  launchDelayS: QUEUE_TUNING.launchDelaySeconds,
});
const ok = batched.perInstance <= 0.1 && batched.tagged === batched.registering;
if (!ok) process.exitCode = 1;
console.log(
  `onboarding calls_per_instance=${batched.perInstance.toFixed(3)} baseline=${baseline.perInstance.toFixed(3)} invocations=${batched.invocations} tagged=${batched.tagged}/${INSTANCES}`,
);
