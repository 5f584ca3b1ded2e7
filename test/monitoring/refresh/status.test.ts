import { MemoryConfigStore } from "@fleetwatch/devkit/fakes/config-store";
import { type FakeAccountState, FakeOrganizations } from "@fleetwatch/devkit/fakes/organizations";
import { MemoryRefreshStatusStore } from "@fleetwatch/devkit/fakes/refresh-status-store";
import {
  nextRefreshStatus,
  type OrganizationAccount,
  type RefreshOutcome,
  recordRefreshStatus,
  runDiscoveryRefresh,
} from "@fleetwatch/monitoring";
import { DISCOVERY_REFRESH_STATUS_KEY, type DiscoveryRefreshStatus } from "@fleetwatch/state-layout";
import { beforeEach, describe, expect, it } from "vitest";
import { DATA, deployObjects, PAYMENTS, STAGING, twoUnitsInput, UNIT_A, UNIT_B } from "./inputs";

const T0 = new Date("2026-11-29T21:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const UNITS = [UNIT_A, UNIT_B];

const unchanged: RefreshOutcome = {
  kind: "unchanged",
  version: "v1",
  members: ["1", "2", "3"],
  units: UNITS,
};
const refreshed: RefreshOutcome = {
  kind: "refreshed",
  from: "v1",
  to: "v2",
  members: ["1", "2"],
  units: UNITS,
  written: 9,
};
const denied: RefreshOutcome = {
  kind: "accounts-unavailable",
  version: "v1",
  error: "AwsCallError: organizations:ListAccountsForParent AccessDeniedException",
};

describe("nextRefreshStatus", () => {
  it("records a success: time, outcome, units and member account count", () => {
    expect(nextRefreshStatus(undefined, unchanged, T0)).toEqual({
      lastRunAt: "2026-11-29T21:00:00.000Z",
      outcome: "unchanged",
      level: "ok",
      units: UNITS,
      lastSuccessAt: "2026-11-29T21:00:00.000Z",
      memberAccounts: 3,
    });
    expect(nextRefreshStatus(undefined, refreshed, T0)).toMatchObject({
      outcome: "refreshed",
      memberAccounts: 2,
    });
  });

  it("keeps what the last success knew across a problem, and sets failingSince at the first problem only", () => {
    const ok = nextRefreshStatus(undefined, unchanged, T0);
    const first = nextRefreshStatus(ok, denied, at(10));
    expect(first).toEqual({
      lastRunAt: "2026-11-29T21:10:00.000Z",
      outcome: "accounts-unavailable",
      level: "problem",
      problem: "AwsCallError: organizations:ListAccountsForParent AccessDeniedException",
      units: UNITS,
      lastSuccessAt: "2026-11-29T21:00:00.000Z",
      memberAccounts: 3,
      failingSince: "2026-11-29T21:10:00.000Z",
    });
    const bad: RefreshOutcome = { kind: "invalid-render-input", version: "v1", problem: "missing" };
    expect(nextRefreshStatus(first, bad, at(20))).toMatchObject({
      outcome: "invalid-render-input",
      problem: "missing",
      failingSince: "2026-11-29T21:10:00.000Z",
    });
  });

  it("clears failingSince on the next success", () => {
    const failing = nextRefreshStatus(nextRefreshStatus(undefined, unchanged, T0), denied, at(10));
    const healed = nextRefreshStatus(failing, refreshed, at(20));
    expect(healed).not.toHaveProperty("failingSince");
    expect(healed).not.toHaveProperty("problem");
    expect(healed).toMatchObject({
      level: "ok",
      lastSuccessAt: "2026-11-29T21:20:00.000Z",
      memberAccounts: 2,
    });
  });

  it.each<[string, RefreshOutcome, string | undefined]>([
    ["no-config", { kind: "no-config" }, undefined],
    [
      "pointer-moved",
      { kind: "pointer-moved", from: "v1", to: "v3" },
      "a deploy moved the pointer from v1 to v3 during the run",
    ],
  ])("neither starts nor clears failingSince on an expected finding (%s)", (_, outcome, problem) => {
    const healthy = nextRefreshStatus(nextRefreshStatus(undefined, unchanged, T0), outcome, at(10));
    expect(healthy).toEqual({
      lastRunAt: "2026-11-29T21:10:00.000Z",
      outcome: outcome.kind,
      level: "expected",
      ...(problem ? { problem } : {}),
      units: UNITS,
      lastSuccessAt: "2026-11-29T21:00:00.000Z",
      memberAccounts: 3,
    });
    const failing = nextRefreshStatus(undefined, denied, T0);
    expect(nextRefreshStatus(failing, outcome, at(10)).failingSince).toBe("2026-11-29T21:00:00.000Z");
  });

  it("names the version a not-organization finding was rendered from", () => {
    expect(nextRefreshStatus(undefined, { kind: "not-organization", version: "v9" }, T0)).toMatchObject({
      level: "problem",
      problem: "version v9 was rendered without accounts.organization",
      failingSince: T0.toISOString(),
    });
  });
});

describe("recordRefreshStatus", () => {
  let status: MemoryRefreshStatusStore;
  beforeEach(() => {
    status = new MemoryRefreshStatusStore();
  });

  it("reads the previous record and writes the next one", async () => {
    await recordRefreshStatus(status, denied, T0);
    const second = await recordRefreshStatus(status, denied, at(10));
    expect(second).toMatchObject({ ok: true, status: { failingSince: T0.toISOString() } });
    expect(status.current?.lastRunAt).toBe(at(10).toISOString());
  });

  it("replaces a record that is not valid as if there were none", async () => {
    status.text = "{not json";
    expect(await recordRefreshStatus(status, denied, T0)).toMatchObject({
      ok: true,
      status: { failingSince: T0.toISOString() },
    });
    expect(status.current?.outcome).toBe("accounts-unavailable");
  });

  it("returns a write that fails as an error, and records again on the next run", async () => {
    await recordRefreshStatus(status, unchanged, T0);
    status.failWrites = true;
    expect(await recordRefreshStatus(status, denied, at(10))).toEqual({
      ok: false,
      error: "write the discovery refresh status: SlowDown: SlowDown (503)",
    });
    expect(status.current?.lastRunAt).toBe(T0.toISOString());
    status.heal();
    expect(await recordRefreshStatus(status, denied, at(20))).toMatchObject({
      ok: true,
      status: { failingSince: at(20).toISOString(), lastSuccessAt: T0.toISOString() },
    });
  });

  it("writes nothing when the previous record cannot be read, so the last success is not lost", async () => {
    await recordRefreshStatus(status, unchanged, T0);
    status.failReads = true;
    expect(await recordRefreshStatus(status, denied, at(10))).toEqual({
      ok: false,
      error: "read the discovery refresh status: SlowDown: SlowDown (503)",
    });
    expect(status.current).toMatchObject({ lastRunAt: T0.toISOString(), lastSuccessAt: T0.toISOString() });
  });
});

describe("the refresh's runs, recorded", () => {
  it("says since when it fails while Organizations denies it, and clears it once a run succeeds", async () => {
    const input = twoUnitsInput();
    const store = new MemoryConfigStore();
    for (const [key, body] of deployObjects(input, [PAYMENTS, STAGING, DATA]).objects) store.seed(key, body);
    const org = new FakeOrganizations();
    const put = (unit: string, a: OrganizationAccount) =>
      org.put(unit, a.id, (a.state ?? "ACTIVE") as FakeAccountState, a.name);
    for (const a of [PAYMENTS, STAGING]) put(UNIT_A, a);
    put(UNIT_B, DATA);
    const status = new MemoryRefreshStatusStore();
    const runAt = async (minutes: number) => {
      const outcome = await runDiscoveryRefresh({ store, accounts: org });
      await recordRefreshStatus(status, outcome, at(minutes));
      return status.current as DiscoveryRefreshStatus;
    };

    expect(await runAt(0)).toMatchObject({ outcome: "unchanged", memberAccounts: 3, units: UNITS });
    org.failNext("organizations:ListAccountsForParent", { code: "AccessDeniedException", status: 400 });
    expect(await runAt(10)).toMatchObject({
      outcome: "accounts-unavailable",
      failingSince: at(10).toISOString(),
      lastSuccessAt: T0.toISOString(),
    });
    org.failNext("organizations:ListAccountsForParent", { code: "AccessDeniedException", status: 400 });
    expect((await runAt(20)).failingSince).toBe(at(10).toISOString());
    org.remove(STAGING.id);
    const healed = await runAt(30);
    expect(healed).toMatchObject({
      outcome: "refreshed",
      memberAccounts: 2,
      lastSuccessAt: at(30).toISOString(),
    });
    expect(healed).not.toHaveProperty("failingSince");
    expect(DISCOVERY_REFRESH_STATUS_KEY).toBe("monitoring/discovery-refresh/status.json");
  });
});
