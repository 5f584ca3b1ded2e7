import { ACCOUNT, type Fault } from "@fleetwatch/devkit/fakes/aws";
import { seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { MIN, TWO_REGIONS_TWO_GROUPS } from "@fleetwatch/devkit/fakes/settings";
import { type LaunchSpec, Simulation } from "@fleetwatch/devkit/fakes/simulation";
import { managedKeys, type OnboardingSettings, parseLaunchMessage, tagKeys } from "@fleetwatch/onboarding";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const settings = TWO_REGIONS_TWO_GROUPS;
const keys = tagKeys(settings.tagPrefix);
const RUN_MS = 200 * MIN;
const RECONCILES = [30, 60, 90, 120, 150, 180].map((m) => m * MIN);
/** A member account where the StackSet never put the member role. */
const NO_ROLE = "333333333333";

/** What AWS does wrong for one instance, for good: at EC2's tag limit, refused by SSM, or SSM's 5xx forever. */
type InstanceFault = "tag-limit" | "ssm-refused" | "ssm-5xx";
const FAULTS: Record<Exclude<InstanceFault, "tag-limit">, Fault> = {
  "ssm-refused": { code: "UnsupportedPlatformType", status: 400 },
  "ssm-5xx": { code: "InternalServerError", status: 500 },
};
/** 48 tags of the instance's owners: fleetwatch's status, reason and since would make 51 (EC2 allows 50). */
const OWNER_TAGS = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`owner:tag-${i}`, "x"]));

interface Launch extends LaunchSpec {
  fault?: InstanceFault;
}

/** The instance spec with its fault applied (faulty instances are never opted out later). */
function withFault(launch: Launch): Launch {
  if (!launch.fault) return launch;
  const { optOutAfterMs: _, ...rest } = launch;
  if (launch.fault === "tag-limit") return { ...rest, tags: { ...OWNER_TAGS, ...launch.tags } };
  return { ...rest, faults: { "ssm:SendCommand": FAULTS[launch.fault] } };
}

/** `undefined` nine times in ten. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: arb, weight: 1 });

const idOf = (index: number) => `i-${index.toString(16).padStart(17, "0")}`;

const launchArb = (index: number) =>
  fc
    .record({
      id: fc.constant(idOf(index)),
      region: fc.constantFrom("us-east-1", "eu-west-1"),
      launchAtMs: fc.integer({ min: 0, max: 5 * MIN }),
      registersAfterMs: fc.option(fc.integer({ min: 0, max: 20 * MIN }), { nil: null, freq: 8 }),
      platform: rarely(fc.constant("windows" as const)),
      command: fc.constantFrom("Success", "Success", "Success", "Failed", "TimedOut"),
      terminatesAfterMs: rarely(fc.integer({ min: 0, max: 30 * MIN })),
      tags: fc.constantFrom({}, { role: "web" }, { [keys.ignore]: "true" }, {}),
      optOutAfterMs: rarely(fc.integer({ min: 0, max: 60 * MIN })),
      fault: rarely(fc.constantFrom<InstanceFault>("tag-limit", "ssm-refused", "ssm-5xx")),
    })
    .map((l) => withFault(l as Launch));

/** Fault rates drawn uniformly from a few levels (not a continuum that makes most scenarios fault-free). */
const rateArb = fc.constantFrom(0, 0.01, 0.05, 0.2, 0.5);

const scenarioArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    seed: fc.integer(),
    launches: fc.tuple(...Array.from({ length: n }, (_, i) => launchArb(i + 1))),
    throttleRate: rateArb,
    duplicateRate: fc.double({ min: 0, max: 1, noNaN: true }),
    maxDeliveryDelayMs: fc.integer({ min: 0, max: 90_000 }),
    tagLagMs: fc.integer({ min: 0, max: 5_000 }),
    batchSize: fc.constantFrom(1, 10, 100, 1000),
    // 1: every throttle reaches the code; 3: the SDK retries first, as the adapters' clients do.
    sdkAttempts: fc.constantFrom(1, 3),
    concurrentReconcile: fc.boolean(),
  }),
);

type Expected = Record<string, string> | "untagged" | "gone" | "dead-lettered";

/** The one terminal state an instance must end in, from what the scenario made it do. */
function expected(l: Launch): Expected {
  if (l.terminatesAfterMs !== undefined) return "gone";
  if (l.tags?.[keys.ignore] === "true" || l.optOutAfterMs !== undefined) return "untagged";
  // It cannot take fleetwatch's tags: reported (and its message dead-lettered), never tagged, never sent to.
  if (l.fault === "tag-limit") return "untagged";
  if (l.platform === "windows") return { [keys.status]: "skipped", [keys.reason]: "windows" };
  if (l.registersAfterMs === null) return { [keys.status]: "unmanaged", [keys.reason]: "ssm-not-registered" };
  if (l.fault === "ssm-refused") return { [keys.status]: "failed", [keys.reason]: "aws-refused" };
  if (l.fault === "ssm-5xx") return "dead-lettered";
  if (l.command === "Failed") return { [keys.status]: "failed", [keys.reason]: "command-failed" };
  if (l.command === "TimedOut") return { [keys.status]: "failed", [keys.reason]: "command-timed-out" };
  return {
    [keys.status]: "installed",
    [keys.scrape]: "true",
    [keys.group]: l.tags?.role === "web" ? "web" : "default",
    [keys.nodeExporter]: settings.exporter.version,
  };
}

/** The instances a dead-lettered launch-queue body names (an EC2 event or a carried message). */
const idsInBody = (body: string) => parseLaunchMessage(body).map((i) => i.id);

/** The instance a dead letter is about: a launch-queue body's first, or a command result's. */
function deadLetterId(body: string): string | undefined {
  try {
    return idsInBody(body)[0];
  } catch {
    return (JSON.parse(body) as { detail?: { "instance-id"?: string } }).detail?.["instance-id"];
  }
}

/**
 * Checks one finished simulation; returns the terminal state each instance was held to. `unreachable`: ids of
 * instances in an account without the member role (checked by the caller; their dead letters are theirs).
 */
function check(
  sim: Simulation,
  launches: readonly Launch[],
  throttleRate: number,
  unreachable: ReadonlySet<string> = new Set(),
): Expected[] {
  const byId = new Map(launches.map((l) => [l.id, l]));
  const dead = [...sim.launchQueue.deadLetters, ...sim.resultQueue.deadLetters];
  const deadIds = new Set(sim.launchQueue.deadLetters.flatMap((d) => idsInBody(d.body)));
  const states: Expected[] = [];
  for (const launch of launches) {
    const tags = sim.aws.tagsOf(launch.id);
    const want = expected(launch);
    states.push(want);
    const runs = (sim.aws.sent.get(launch.id) ?? []).sort((a, b) => a.at - b.at);
    if (want === "untagged")
      expect(
        managedKeys(keys).filter((k) => k in tags),
        launch.id,
      ).toEqual([]);
    else if (want === "dead-lettered") {
      expect(runs, `${launch.id}: sent despite SSM's 5xx`).toEqual([]);
      // Without throttling, its launch message kept failing until the dead-letter queue took it. (Throttling
      // can also fail the reset of its `since` after a failed send: the message then ends as `installing`, and
      // the reconcile keeps retrying it once the reservation's time is up.)
      if (throttleRate === 0 && (launch.registersAfterMs ?? 0) < settings.readinessTimeoutMs)
        expect(deadIds.has(launch.id), `${launch.id}: not dead-lettered`).toBe(true);
    } else if (want !== "gone") expect(tags, launch.id).toMatchObject(want);
    if (launch.fault === "tag-limit") expect(runs, launch.id).toEqual([]);
    runs.slice(1).forEach((run, i) => {
      const prev = runs[i] as { at: number; endsAt: number; action: string };
      expect(
        run.at,
        `${launch.id}: ${run.commandId} sent while an earlier command ran`,
      ).toBeGreaterThanOrEqual(prev.endsAt);
      // An install that succeeded is never sent again within its reservation's life.
      if (
        run.action === "install" &&
        prev.action === "install" &&
        (launch.command ?? "Success") === "Success"
      )
        expect(run.at - prev.at, `${launch.id}: install sent twice`).toBeGreaterThanOrEqual(
          settings.installTimeoutMs,
        );
    });
    if (launch.command === "Failed" && want !== "gone" && want !== "untagged") {
      // Each failed attempt counts, so a failing install is sent at most maxAttempts times; plus, by design, once
      // more for each install whose result was still untagged when its reservation ran out (sustained throttling
      // delayed it past the install timeout, and the reconcile took the install for lost).
      const installs = runs.filter((r) => r.action === "install");
      const presumedLost = installs.slice(1).filter((run, i) => {
        const prev = installs[i] as { at: number; commandId: string };
        const tagged = sim.aws.taggedAt(launch.id, keys.command, prev.commandId);
        return run.at - prev.at >= settings.installTimeoutMs && (tagged === undefined || tagged > run.at);
      }).length;
      expect(installs.length - presumedLost, launch.id).toBeLessThanOrEqual(settings.maxAttempts);
    }
  }
  // A message reaches the DLQ by exhausting its receives (throttling, or an instance SSM fails with 5xx), or
  // at once with the refusal of an instance AWS refused for good; never as malformed.
  for (const d of dead) {
    if (unreachable.has(deadLetterId(d.body) ?? "")) continue;
    const launch = byId.get(deadLetterId(d.body) ?? "");
    const exhausted =
      /^received \d+ times \(maxReceiveCount\)$/.test(d.reason) ||
      / still \w+ after \d+ passes: /.test(d.reason);
    if (exhausted) expect(throttleRate > 0 || launch?.fault === "ssm-5xx", d.reason).toBe(true);
    else {
      expect(d.reason).toMatch(/ refused by (ec2:CreateTags|ssm:SendCommand): \w+/);
      expect(["tag-limit", "ssm-refused"]).toContain(launch?.fault);
    }
  }
  expect(sim.quiet).toBe(true);
  return states;
}

describe("onboarding, over random fleets on the fake AWS", () => {
  it("ends every instance in exactly one terminal state, loses nothing, never runs two commands at once", async () => {
    const seen: Record<string, number> = {};
    let deadLettered = 0;
    let refusals = 0;
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
        for (const want of check(sim, scenario.launches, scenario.throttleRate)) {
          const state = typeof want === "string" ? want : (want[keys.status] as string);
          seen[state] = (seen[state] ?? 0) + 1;
        }
        const dead = sim.launchQueue.deadLetters;
        if (dead.length > 0) deadLettered++;
        if (dead.some((d) => d.reason.includes("refused by"))) refusals++;
      }),
      { numRuns: 400 },
    );
    // The scenarios reached every terminal state many times, and the dead-letter queue both ways.
    for (const state of ["installed", "failed", "unmanaged", "skipped", "untagged", "gone", "dead-lettered"])
      expect(seen[state], state).toBeGreaterThan(20);
    expect(deadLettered).toBeGreaterThan(20);
    expect(refusals).toBeGreaterThan(10);
  });

  it("crosses the 50 and 1,000 batch limits with faulty instances among them, a reconcile running alongside", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer(),
          size: fc.constantFrom(120, 1_100),
          throttleRate: fc.constantFrom(0, 0.05, 0.2),
          faultEvery: fc.constantFrom(37, 211),
        }),
        async ({ seed, size, throttleRate, faultEvery }) => {
          const random = seededRandom(seed);
          const faults: InstanceFault[] = ["tag-limit", "ssm-refused", "ssm-5xx"];
          const launches = Array.from({ length: size }, (_, i) =>
            withFault({
              id: idOf(i + 1),
              region: random() < 0.8 ? "us-east-1" : "eu-west-1",
              launchAtMs: 0,
              registersAfterMs: Math.floor(random() * 60_000),
              command: random() < 0.9 ? "Success" : "Failed",
              tags: random() < 0.3 ? { role: "web" } : {},
              ...(i % faultEvery === 5 ? { fault: faults[((i / faultEvery) % 3) | 0] } : {}),
            } as Launch),
          );
          const sim = new Simulation({
            seed,
            launches,
            settings,
            throttleRate,
            sdkAttempts: 3,
            throttleUntilMs: 120 * MIN,
            tagLagMs: 2_000,
            // Every launch in one batch (Lambda takes up to 10,000 with a window): more than 1,000 ids in one
            // pass, 50 per SendCommand and DescribeInstanceInformation.
            batchSize: 10_000,
            windowS: 60,
            launchDelayS: 90,
            // The first reconcile runs while the launch batch is in flight (visible at 90 s, window 60 s).
            reconcileAtMs: [150_000, ...RECONCILES],
            concurrentReconcile: true,
          });
          await sim.run(RUN_MS);
          check(sim, launches, throttleRate);
          expect(sim.aws.calls["ssm:SendCommand"]).toBeGreaterThan(size / 50 - 1);
          expect(sim.invocations.reconcile).toBe(RECONCILES.length + 1);
        },
      ),
      { numRuns: 6 },
    );
  });

  it("onboards the fleets of every reachable account, touches none of an account without the member role, and reports it", async () => {
    const accounts = [ACCOUNT, "210987654321", "222222222222", NO_ROLE];
    const multi: OnboardingSettings = {
      ...settings,
      accounts: {
        home: ACCOUNT,
        memberRoleName: "fleetwatch-member",
        members: accounts.slice(1).map((id) => ({ id, regions: [] })),
        units: [],
      },
    };
    let unreachableSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        scenarioArb.chain((scenario) =>
          fc.tuple(...scenario.launches.map(() => fc.constantFrom(...accounts))).map((owners) => ({
            ...scenario,
            launches: scenario.launches.map((l, i) => ({ ...l, account: owners[i] as string })),
          })),
        ),
        async (scenario) => {
          const sim = new Simulation({
            ...scenario,
            settings: multi,
            memberRoles: accounts.slice(1, 3),
            reconcileAtMs: RECONCILES,
            windowS: 10,
            throttleUntilMs: 120 * MIN,
          });
          await sim.run(RUN_MS);
          const cut = scenario.launches.filter((l) => l.account === NO_ROLE);
          const reachable = scenario.launches.filter((l) => l.account !== NO_ROLE);
          check(sim, reachable, scenario.throttleRate, new Set(cut.map((l) => l.id)));
          for (const l of cut) {
            const tags = sim.aws.tagsOf(l.id);
            expect(
              managedKeys(keys).filter((k) => k in tags),
              l.id,
            ).toEqual([]);
            expect(sim.aws.sent.get(l.id), l.id).toBeUndefined();
          }
          // Nothing but AssumeRole was ever called in the account without the role.
          expect(Object.keys(sim.aws.callsByAccount[NO_ROLE] ?? {})).toEqual(
            cut.length > 0 || sim.reports.length > 0 ? ["sts:AssumeRole"] : [],
          );
          // Every reconcile's status (the digest's onboarding line) names it, with STS's code, unless STS
          // throttled the question (the scope is then a failed one); once throttling stops, always.
          const named = [{ account: NO_ROLE, code: "AccessDenied" }];
          for (const report of sim.reports)
            if (report.status.unreachableAccounts === undefined)
              expect(report.status.failedRegions.some((r) => r.startsWith(`${NO_ROLE}.`))).toBe(true);
            else expect(report.status.unreachableAccounts).toEqual(named);
          expect(sim.reports.at(-1)?.status.unreachableAccounts).toEqual(named);
          if (cut.length > 0) unreachableSeen++;
        },
      ),
      { numRuns: 60 },
    );
    expect(unreachableSeen).toBeGreaterThan(20);
  });
});
