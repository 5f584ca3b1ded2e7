import { ACCOUNT, FakeAws, lambdaPrincipal, stateChangeEvent } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { drainWork, FakeStatusStore, FakeWorkQueue } from "@fleetwatch/devkit/fakes/reconcile";
import { TWO_REGIONS_TWO_GROUPS } from "@fleetwatch/devkit/fakes/settings";
import {
  type AccountSettings,
  handleStateChanges,
  type OnboardingSettings,
  parseLaunchMessage,
  type QueueMessage,
  runTargets,
  startRun,
  tagKeys,
  type WorkerDeps,
} from "@fleetwatch/onboarding";
import { UNREACHABLE_TTL_MS } from "@fleetwatch/onboarding-aws";
import { ONBOARDING_STATUS_KEY } from "@fleetwatch/state-layout";
import { describe, expect, it } from "vitest";
import { recordingQueue } from "../support/recording-queue";

const REGION = "us-east-1";
const PAYMENTS = "210987654321";
const NO_ROLE = "333333333333";
const STRANGER = "444444444444";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;

const settings: OnboardingSettings = {
  ...TWO_REGIONS_TWO_GROUPS,
  accounts: {
    home: ACCOUNT,
    memberRoleName: "fleetwatch-member",
    members: [
      { id: PAYMENTS, name: "payments", regions: [] },
      { id: NO_ROLE, regions: [REGION] },
    ],
    units: [],
  },
};
const keys = tagKeys(settings.tagPrefix);

/** A home instance, a payments one, one in an account without the member role, one of a stranger account. */
function fleet() {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(5), tagLagMs: 0 });
  aws.putMemberRole(PAYMENTS, [lambdaPrincipal("launch"), lambdaPrincipal("reconcile")]);
  const accounts = [ACCOUNT, PAYMENTS, NO_ROLE, STRANGER];
  for (const [n, account] of accounts.entries())
    aws.launch({ id: id(n + 1), region: REGION, account, registersAfterMs: 0 });
  clock.advance(120_000);
  return { clock, aws, accounts };
}

describe("a launch batch across accounts", () => {
  it("onboards the reachable accounts, carries the unreachable one's instance untouched, ignores a stranger", async () => {
    const { clock, aws, accounts } = fleet();
    const { queue, requeued, letters } = recordingQueue();
    const warnings: Record<string, unknown>[] = [];
    const deps = {
      ports: aws.portsOf("launch"),
      settings,
      now: clock.now,
      queue,
      log: { warn: (_: string, extra: Record<string, unknown>) => warnings.push(extra) },
    };
    const messages: QueueMessage[] = accounts.map((account, n) => ({
      messageId: `m${n}`,
      receiptHandle: `r${n}`,
      receiveCount: 1,
      body: JSON.stringify(stateChangeEvent(id(n + 1), REGION, "running", clock.millis, `e${n}`, account)),
    }));
    const result = await handleStateChanges(messages, deps);
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.tagsOf(id(1))[keys.status]).toBe("installing");
    expect(aws.tagsOf(id(2))[keys.status]).toBe("installing");
    expect(aws.tagsOf(id(3))).toEqual({});
    expect(aws.tagsOf(id(4))).toEqual({});
    expect(aws.sent.has(id(3)) || aws.sent.has(id(4))).toBe(false);
    expect(letters).toEqual([]);
    // The unreachable account's instance is carried with its account (a retry helps once the role exists).
    expect(requeued.flatMap((r) => parseLaunchMessage(r.body))).toEqual([
      { id: id(3), region: REGION, account: NO_ROLE, passes: 1, state: "running" },
    ]);
    expect(warnings).toEqual([{ id: id(4), reason: `account ${STRANGER} is not one of accounts.members` }]);
    // Nothing was called in the stranger's account; the unreachable one saw AssumeRole only.
    expect(aws.callsByAccount[STRANGER]).toBeUndefined();
    expect(aws.callsByAccount[NO_ROLE]).toEqual({ "sts:AssumeRole": 1 });

    // The next pass, after the StackSet put the role there: onboarded.
    aws.putMemberRole(NO_ROLE, [lambdaPrincipal("launch")]);
    clock.advance(6 * 60_000);
    const carried = { messageId: "c", receiptHandle: "rc", receiveCount: 1, body: requeued[0]?.body ?? "" };
    await handleStateChanges([carried], deps);
    expect(aws.tagsOf(id(3))[keys.status]).toBe("installing");
  });
});

describe("the reconcile across accounts", () => {
  it("fans out over home and member accounts, in each member's own regions", async () => {
    expect(await runTargets({ settings })).toEqual([
      { region: "us-east-1" },
      { region: "eu-west-1" },
      { region: "us-east-1", account: PAYMENTS },
      { region: "eu-west-1", account: PAYMENTS },
      { region: "us-east-1", account: NO_ROLE },
    ]);
  });

  it("takes the units' accounts now, without the home account: one that left is no longer reconciled", async () => {
    const units = {
      ...settings,
      accounts: { ...(settings.accounts as AccountSettings), members: [], units: ["ou-ab12-cdef3456"] },
    };
    let listed = [ACCOUNT, PAYMENTS, NO_ROLE];
    const directory = { activeAccounts: async () => listed };
    const accountsOf = async () => [
      ...new Set((await runTargets({ settings: units, directory })).map((t) => t.account)),
    ];
    expect(await accountsOf()).toEqual([undefined, PAYMENTS, NO_ROLE]);
    listed = [PAYMENTS];
    expect(await accountsOf()).toEqual([undefined, PAYMENTS]);
  });

  it("reports the unreachable account once, not retried nor a failed scope; the others complete", async () => {
    const { clock, aws } = fleet();
    const queue = new FakeWorkQueue(clock);
    const status = new FakeStatusStore();
    const deps: WorkerDeps = { ports: aws.portsOf("reconcile"), settings, now: clock.now, queue, status };
    await startRun("schedule", deps);
    const reports = await drainWork(queue, deps, clock);
    expect(reports.map((r) => `${r.item.account ?? "home"} ${r.item.region} ${r.kind}`)).toEqual([
      "home us-east-1 done",
      "home eu-west-1 done",
      `${PAYMENTS} us-east-1 done`,
      `${PAYMENTS} eu-west-1 done`,
      `${NO_ROLE} us-east-1 unreachable`,
    ]);
    expect(queue.deadLetters).toEqual([]);
    expect(JSON.parse(status.objects.get(ONBOARDING_STATUS_KEY) ?? "{}")).toMatchObject({
      instancesByStatus: { installing: 2 },
      failedRegions: [],
      pendingRegions: [],
      partial: false,
      unreachableAccounts: [{ account: NO_ROLE, code: "AccessDenied" }],
    });
    expect(aws.tagsOf(id(3))).toEqual({});
    expect(aws.tagsOf(id(4))).toEqual({});

    // The StackSet puts the role there later: the next run, past the remembered refusal, reaches the account.
    aws.putMemberRole(NO_ROLE, [lambdaPrincipal("reconcile")]);
    clock.advance(UNREACHABLE_TTL_MS);
    await startRun("schedule", deps);
    const next = await drainWork(queue, deps, clock);
    expect(next.map((r) => `${r.item.account ?? "home"} ${r.item.region} ${r.kind}`)).toContain(
      `${NO_ROLE} us-east-1 done`,
    );
    expect(aws.tagsOf(id(3))[keys.status]).toBe("installing");
    expect(JSON.parse(status.objects.get(ONBOARDING_STATUS_KEY) ?? "{}").unreachableAccounts ?? []).toEqual(
      [],
    );
  });
});
