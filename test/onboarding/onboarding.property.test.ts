import { managedKeys, tagKeys } from "@fleetwatch/onboarding";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN, TWO_REGIONS_TWO_GROUPS } from "../fakes/settings";
import { type LaunchSpec, Simulation } from "../fakes/simulation";

const settings = TWO_REGIONS_TWO_GROUPS;
const keys = tagKeys(settings.tagPrefix);
const RUN_MS = 200 * MIN;
const RECONCILES = [30, 60, 90, 120, 150, 180].map((m) => m * MIN);

/** `undefined` nine times in ten. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: arb, weight: 1 });

const launchArb = (index: number) =>
  fc.record({
    id: fc.constant(`i-${index.toString(16).padStart(17, "0")}`),
    region: fc.constantFrom("us-east-1", "eu-west-1"),
    launchAtMs: fc.integer({ min: 0, max: 5 * MIN }),
    registersAfterMs: fc.option(fc.integer({ min: 0, max: 20 * MIN }), { nil: null, freq: 8 }),
    platform: rarely(fc.constant("windows" as const)),
    command: fc.constantFrom("Success", "Success", "Success", "Failed", "TimedOut"),
    terminatesAfterMs: rarely(fc.integer({ min: 0, max: 30 * MIN })),
    tags: fc.constantFrom({}, { role: "web" }, { [keys.ignore]: "true" }, {}),
    optOutAfterMs: rarely(fc.integer({ min: 0, max: 60 * MIN })),
  }) as fc.Arbitrary<LaunchSpec>;

const scenarioArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    seed: fc.integer(),
    launches: fc.tuple(...Array.from({ length: n }, (_, i) => launchArb(i + 1))),
    throttleRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
    duplicateRate: fc.double({ min: 0, max: 1, noNaN: true }),
    maxDeliveryDelayMs: fc.integer({ min: 0, max: 90_000 }),
    tagLagMs: fc.integer({ min: 0, max: 5_000 }),
    batchSize: fc.constantFrom(1, 10, 100, 1000),
    // 1: every throttle reaches the code; 3: the SDK retries first, as the adapters' clients do.
    sdkAttempts: fc.constantFrom(1, 3),
  }),
);

/** The one terminal state an instance must end in, from what the scenario made it do. */
function expected(l: LaunchSpec): Record<string, string> | "untagged" | "gone" {
  if (l.terminatesAfterMs !== undefined) return "gone";
  if (l.tags?.[keys.ignore] === "true" || l.optOutAfterMs !== undefined) return "untagged";
  if (l.platform === "windows") return { [keys.status]: "skipped", [keys.reason]: "windows" };
  if (l.registersAfterMs === null) return { [keys.status]: "unmanaged", [keys.reason]: "ssm-not-registered" };
  if (l.command === "Failed") return { [keys.status]: "failed", [keys.reason]: "command-failed" };
  if (l.command === "TimedOut") return { [keys.status]: "failed", [keys.reason]: "command-timed-out" };
  return {
    [keys.status]: "installed",
    [keys.scrape]: "true",
    [keys.group]: l.tags?.role === "web" ? "web" : "default",
    [keys.nodeExporter]: settings.exporter.version,
  };
}

describe("onboarding, over random fleets on the fake AWS", () => {
  it("ends every instance in exactly one terminal state, loses nothing, never runs two commands at once", async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        // Throttling stops after 2 hours: the property is convergence once AWS lets calls through again.
        const sim = new Simulation({
          ...scenario,
          settings,
          reconcileAtMs: RECONCILES,
          windowS: 10,
          throttleUntilMs: 120 * MIN,
        });
        await sim.run(RUN_MS);
        for (const launch of scenario.launches) {
          const tags = sim.aws.tagsOf(launch.id);
          const want = expected(launch);
          seen[typeof want === "string" ? want : (want[keys.status] as string)] =
            (seen[typeof want === "string" ? want : (want[keys.status] as string)] ?? 0) + 1;
          if (want === "untagged")
            expect(
              managedKeys(keys).filter((k) => k in tags),
              launch.id,
            ).toEqual([]);
          else if (want !== "gone") expect(tags, launch.id).toMatchObject(want);
          const runs = (sim.aws.sent.get(launch.id) ?? []).sort((a, b) => a.at - b.at);
          runs.slice(1).forEach((run, i) => {
            expect(
              run.at,
              `${launch.id}: ${run.commandId} sent while an earlier command ran`,
            ).toBeGreaterThanOrEqual((runs[i] as { endsAt: number }).endsAt);
          });
          if (launch.command === "Failed" && want !== "gone" && want !== "untagged")
            expect(runs.filter((r) => r.action === "install").length, launch.id).toBeLessThanOrEqual(
              settings.maxAttempts,
            );
        }
        // A message may reach the DLQ only by exhausting its receives under throttling, never as malformed;
        // even then its instance ended in its state above (the reconcile catches up).
        for (const dead of [...sim.launchQueue.deadLetters, ...sim.resultQueue.deadLetters]) {
          expect(dead.reason).toMatch(/^received \d+ times \(maxReceiveCount\)$/);
          expect(scenario.throttleRate).toBeGreaterThan(0);
        }
        expect(sim.quiet).toBe(true);
      }),
      { numRuns: 500 },
    );
    // The scenarios reached every terminal state many times.
    for (const state of ["installed", "failed", "unmanaged", "skipped", "untagged", "gone"])
      expect(seen[state], state).toBeGreaterThan(50);
  });
});
