import { ACCOUNT, FakeAws, lambdaPrincipal, stateChangeEvent } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeOrganizations, ORGANIZATIONS_THROTTLED } from "@fleetwatch/devkit/fakes/organizations";
import { TWO_REGIONS_TWO_GROUPS } from "@fleetwatch/devkit/fakes/settings";
import {
  type BatchDeps,
  handleCommandResults,
  handleStateChanges,
  MEMBERSHIP_FAILURE_BACKOFF_MS,
  MEMBERSHIP_RECHECK_MS,
  MEMBERSHIP_TTL_MS,
  type OnboardingSettings,
  type QueueMessage,
  tagKeys,
  UnitMembership,
  type WithMembership,
  withUnitAccounts,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { recordingQueue } from "../support/recording-queue";

const UNIT = "ou-ab12-cdef3456";
const REGION = "us-east-1";
const PAYMENTS = "210987654321";
const LEAVER = "210000000003";
const NEWCOMER = "210000000004";
const LIST = "organizations:ListAccountsForParent";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;

const settings: OnboardingSettings = {
  ...TWO_REGIONS_TWO_GROUPS,
  accounts: { home: ACCOUNT, memberRoleName: "fleetwatch-member", members: [], units: [UNIT] },
};
const keys = tagKeys(settings.tagPrefix);

/** A warning log that keeps what it was told. */
function recordingLog() {
  const warnings: { message: string; extra: Record<string, unknown> }[] = [];
  return {
    warnings,
    log: { warn: (message: string, extra: Record<string, unknown>) => warnings.push({ message, extra }) },
  };
}

describe("UnitMembership", () => {
  function cache() {
    const clock = new FakeClock();
    const org = new FakeOrganizations();
    org.put(UNIT, PAYMENTS);
    const { log, warnings } = recordingLog();
    const membership = new UnitMembership({ directory: org, units: [UNIT], now: clock.now, log });
    return { clock, org, membership, warnings };
  }

  it("lists once and answers from the listing until the TTL expires, then lists lazily, on the next question", async () => {
    const { clock, org, membership } = cache();
    expect([...((await membership.current())?.accounts ?? [])]).toEqual([PAYMENTS]);
    org.put(UNIT, NEWCOMER);
    clock.advance(MEMBERSHIP_TTL_MS - 1);
    expect((await membership.current())?.accounts.has(NEWCOMER)).toBe(false);
    expect(org.calls[LIST]).toBe(1);
    clock.advance(1);
    // Expired, but nothing asked: nothing listed.
    expect(org.calls[LIST]).toBe(1);
    const now = await membership.current();
    expect(now?.accounts.has(NEWCOMER)).toBe(true);
    expect(now?.listedAt).toEqual(clock.now());
    expect(now?.units).toEqual([UNIT]);
    expect(org.calls[LIST]).toBe(2);
  });

  it("shares one listing between questions asked while it runs", async () => {
    const { org, membership } = cache();
    const [a, b] = await Promise.all([membership.current(), membership.current()]);
    expect(a).toBe(b);
    expect(org.calls[LIST]).toBe(1);
  });

  it("fails open with one warning when the listing fails, asks nothing for the backoff, then lists again", async () => {
    const { clock, org, membership, warnings } = cache();
    org.failNext(LIST, ORGANIZATIONS_THROTTLED);
    expect(await membership.current()).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.extra).toMatchObject({ units: [UNIT], lastListedAt: "never" });
    expect(String(warnings[0]?.extra.error)).toMatch(/^ThrottledError: /);
    // Within the backoff: every account admitted, Organizations not asked (its quota is shared).
    clock.advance(MEMBERSHIP_FAILURE_BACKOFF_MS - 1);
    expect(await membership.current()).toBeUndefined();
    expect(org.calls[LIST]).toBe(1);
    clock.advance(1);
    expect((await membership.current())?.accounts.has(PAYMENTS)).toBe(true);
    expect(org.calls[LIST]).toBe(2);
    expect(warnings).toHaveLength(1);
  });

  it("keeps the last good listing through a failure, admits every account for that pass, and replaces it once a listing succeeds", async () => {
    const { clock, org, membership, warnings } = cache();
    const first = await membership.current();
    clock.advance(MEMBERSHIP_TTL_MS);
    org.failNext(LIST, { code: "AccessDeniedException", status: 400 });
    expect(await membership.current()).toBeUndefined();
    expect(membership.lastGood).toBe(first);
    expect(warnings[0]?.extra.lastListedAt).toBe(first?.listedAt.toISOString());
    org.remove(PAYMENTS);
    clock.advance(60_000);
    const next = await membership.current();
    expect(next?.accounts.size).toBe(0);
    expect(membership.lastGood).toBe(next);
    expect(org.calls[LIST]).toBe(3);
  });

  it("is asked by a pass only when a ref is of a member account, and once for the whole pass", async () => {
    const { org, membership } = cache();
    const deps: WithMembership = { membership };
    expect(await withUnitAccounts(deps, [{}, {}])).toBe(deps);
    expect(org.totalCalls()).toBe(0);
    const pass = await withUnitAccounts(deps, [{ account: PAYMENTS }, { account: LEAVER }]);
    expect(pass.unitAccounts?.accounts.has(PAYMENTS)).toBe(true);
    expect(org.calls[LIST]).toBe(1);
    expect(await withUnitAccounts({}, [{ account: PAYMENTS }])).toEqual({});
  });
});

/** An Organization-mode fleet: PAYMENTS and LEAVER in the unit, both with the member role; NEWCOMER outside. */
function organizationFleet() {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(7), tagLagMs: 0 });
  aws.documentName = settings.documentName;
  const org = new FakeOrganizations();
  for (const account of [PAYMENTS, LEAVER, NEWCOMER])
    aws.putMemberRole(account, [lambdaPrincipal("launch"), lambdaPrincipal("complete")]);
  org.put(UNIT, PAYMENTS);
  org.put(UNIT, LEAVER);
  org.put("ou-ab12-elsewhere", NEWCOMER);
  const { queue, requeued, letters } = recordingQueue();
  const { log, warnings } = recordingLog();
  const membership = new UnitMembership({ directory: org, units: [UNIT], now: clock.now, log });
  const deps = (container: string): BatchDeps => ({
    ports: aws.portsOf(container),
    settings,
    now: clock.now,
    queue,
    log,
    membership,
  });
  let seq = 0;
  const launch = (n: number, account: string) => {
    aws.launch({ id: id(n), region: REGION, account, registersAfterMs: 0 });
  };
  const event = (n: number, account: string): QueueMessage => {
    seq += 1;
    return {
      messageId: `m${seq}`,
      receiptHandle: `r${seq}`,
      receiveCount: 1,
      body: JSON.stringify(stateChangeEvent(id(n), REGION, "running", clock.millis, `e${seq}`, account)),
    };
  };
  return { clock, aws, org, deps, launch, event, requeued, letters, warnings };
}

describe("a launch pass in Organization mode", () => {
  it("acknowledges the next event of an account removed from the unit as not-member: not carried, not dead-lettered, no call into it", async () => {
    const { clock, aws, org, deps, launch, event, requeued, letters, warnings } = organizationFleet();
    launch(1, PAYMENTS);
    launch(2, LEAVER);
    clock.advance(120_000);
    const first = await handleStateChanges([event(1, PAYMENTS), event(2, LEAVER)], deps("launch"));
    expect(first.batchItemFailures).toEqual([]);
    expect(aws.tagsOf(id(2))[keys.status]).toBe("installing");

    // The account leaves the unit; the StackSet removes its role a while later (here: already gone).
    org.remove(LEAVER);
    aws.removeMemberRole(LEAVER);
    launch(3, LEAVER);
    launch(4, PAYMENTS);
    clock.advance(MEMBERSHIP_TTL_MS);
    const before = structuredClone(aws.callsByAccount[LEAVER]);
    const tagsBefore = aws.tagsOf(id(2));
    const second = await handleStateChanges(
      [event(2, LEAVER), event(3, LEAVER), event(4, PAYMENTS)],
      deps("launch"),
    );
    expect(second.batchItemFailures).toEqual([]);
    expect(requeued).toEqual([]);
    expect(letters).toEqual([]);
    expect(aws.callsByAccount[LEAVER]).toEqual(before);
    expect(aws.tagsOf(id(2))).toEqual(tagsBefore);
    expect(aws.tagsOf(id(3))).toEqual({});
    expect(aws.tagsOf(id(4))[keys.status]).toBe("installing");
    const reason = (n: number) => warnings.find((w) => w.extra.id === id(n))?.extra.reason;
    expect(reason(3)).toBe(
      `account ${LEAVER} is not an ACTIVE account of ${UNIT} (listed ${clock.now().toISOString()})`,
    );
    expect(reason(2)).toBe(reason(3));
    expect(org.calls[LIST]).toBe(2);
  });

  it("onboards an account added to the unit from its first event, listing again once the listing is a minute old", async () => {
    const { clock, aws, org, deps, launch, event, requeued } = organizationFleet();
    launch(1, PAYMENTS);
    clock.advance(120_000);
    await handleStateChanges([event(1, PAYMENTS)], deps("launch"));
    expect(org.calls[LIST]).toBe(1);
    org.put(UNIT, NEWCOMER);
    launch(5, NEWCOMER);
    clock.advance(MEMBERSHIP_RECHECK_MS);
    // Within the TTL, but the listing does not name the account and is a minute old: listed again, admitted.
    const result = await handleStateChanges([event(5, NEWCOMER)], deps("launch"));
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.tagsOf(id(5))[keys.status]).toBe("installing");
    expect(requeued).toEqual([]);
    expect(org.calls[LIST]).toBe(2);
  });

  it("lists again for an account it does not name at most once a minute, and refuses it meanwhile", async () => {
    const { clock, aws, org, deps, launch, event } = organizationFleet();
    launch(1, PAYMENTS);
    launch(5, NEWCOMER);
    clock.advance(120_000);
    await handleStateChanges([event(1, PAYMENTS), event(5, NEWCOMER)], deps("launch"));
    expect(org.calls[LIST]).toBe(1);
    clock.advance(MEMBERSHIP_RECHECK_MS - 1);
    await handleStateChanges([event(5, NEWCOMER)], deps("launch"));
    expect(org.calls[LIST]).toBe(1);
    clock.advance(1);
    await handleStateChanges([event(5, NEWCOMER)], deps("launch"));
    expect(org.calls[LIST]).toBe(2);
    // Still outside the unit: every one of these events was refused, nothing done to the instance.
    expect(aws.tagsOf(id(5))).toEqual({});
    expect(aws.callsByAccount[NEWCOMER]).toBeUndefined();
  });

  it("onboards events while Organizations is throttled (fail open), listing once per pass, and lists again on the next pass", async () => {
    const { clock, aws, org, deps, launch, event, warnings } = organizationFleet();
    for (const n of [1, 2, 3]) launch(n, PAYMENTS);
    launch(4, LEAVER);
    clock.advance(120_000);
    org.failNext(LIST, ORGANIZATIONS_THROTTLED);
    org.remove(LEAVER);
    const result = await handleStateChanges(
      [event(1, PAYMENTS), event(2, PAYMENTS), event(3, PAYMENTS), event(4, LEAVER)],
      deps("launch"),
    );
    expect(result.batchItemFailures).toEqual([]);
    for (const n of [1, 2, 3, 4]) expect(aws.tagsOf(id(n))[keys.status]).toBe("installing");
    expect(org.calls[LIST]).toBe(1);
    expect(warnings.map((w) => w.message)).toEqual([
      "could not list the units' accounts: every account admitted in this pass",
    ]);

    // The next pass, a minute later: listed again, and now the leaver's events are refused.
    launch(5, LEAVER);
    clock.advance(60_000);
    await handleStateChanges([event(5, LEAVER)], deps("launch"));
    expect(org.calls[LIST]).toBe(2);
    expect(aws.tagsOf(id(5))).toEqual({});
  });

  it("lists nothing for a pass over the home account's instances alone", async () => {
    const { clock, aws, org, deps, event } = organizationFleet();
    aws.launch({ id: id(9), region: REGION, registersAfterMs: 0 });
    clock.advance(120_000);
    await handleStateChanges([event(9, ACCOUNT)], deps("launch"));
    expect(aws.tagsOf(id(9))[keys.status]).toBe("installing");
    expect(org.totalCalls()).toBe(0);
  });
});

describe("a result pass in Organization mode", () => {
  it("acknowledges the result of an account removed from the unit untouched, and completes the others", async () => {
    const { clock, aws, org, deps, launch, event, warnings } = organizationFleet();
    launch(1, PAYMENTS);
    launch(2, LEAVER);
    clock.advance(120_000);
    await handleStateChanges([event(1, PAYMENTS), event(2, LEAVER)], deps("launch"));
    clock.advance(10 * 60_000);
    const results: QueueMessage[] = aws.drainResults().map((e, n) => ({
      messageId: `res${n}`,
      receiptHandle: `rr${n}`,
      receiveCount: 1,
      body: JSON.stringify(e.body),
    }));
    expect(results).toHaveLength(2);
    org.remove(LEAVER);
    const before = structuredClone(aws.callsByAccount[LEAVER]);
    const tagsBefore = aws.tagsOf(id(2));
    const result = await handleCommandResults(results, deps("complete"));
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.tagsOf(id(1))[keys.status]).toBe("installed");
    expect(aws.tagsOf(id(2))).toEqual(tagsBefore);
    expect(aws.callsByAccount[LEAVER]).toEqual(before);
    expect(warnings.find((w) => w.extra.id === id(2))?.extra.reason).toMatch(
      new RegExp(`^account ${LEAVER} is not an ACTIVE account of ${UNIT} \\(listed `),
    );
  });
});
