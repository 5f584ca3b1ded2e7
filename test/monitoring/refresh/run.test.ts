import { resolveConfig } from "@fleetwatch/config";
import { MemoryConfigStore } from "@fleetwatch/devkit/fakes/config-store";
import { type FakeAccountState, FakeOrganizations } from "@fleetwatch/devkit/fakes/organizations";
import {
  configVersion,
  findingLevel,
  type OrganizationAccount,
  REFRESH_FINDINGS,
  type RefreshFinding,
  renderInputText,
  runDiscoveryRefresh,
} from "@fleetwatch/monitoring";
import { CONFIG_POINTER_KEY, configRenderInputKey } from "@fleetwatch/state-layout";
import { beforeEach, describe, expect, it } from "vitest";
import memberAccounts from "../../fixtures/configs/member-accounts";
import {
  DATA,
  deployed,
  deployObjects,
  HOME,
  PAYMENTS,
  RETIRED,
  refreshedTo,
  STAGING,
  twoUnitsInput,
  UNIT_A,
  UNIT_B,
} from "./inputs";

const input = twoUnitsInput();
const deployedVersion = deployed(input, [PAYMENTS, STAGING, DATA]).version;
const withoutStaging = refreshedTo(input, [PAYMENTS, DATA]);

let store: MemoryConfigStore;
let org: FakeOrganizations;
/** Puts an account of the inputs into a unit, as AWS Organizations lists it. */
const put = (unit: string, a: OrganizationAccount) =>
  org.put(unit, a.id, (a.state ?? "ACTIVE") as FakeAccountState, a.name);
beforeEach(() => {
  store = new MemoryConfigStore();
  for (const [key, body] of deployObjects(input, [PAYMENTS, STAGING, DATA]).objects) store.seed(key, body);
  org = new FakeOrganizations();
  for (const a of [PAYMENTS, STAGING]) put(UNIT_A, a);
  for (const a of [DATA, RETIRED]) put(UNIT_B, a);
});
const run = () => runDiscoveryRefresh({ store, accounts: org, location: "s3://state/" });

describe("runDiscoveryRefresh", () => {
  it("writes nothing while the units hold the deployed accounts", async () => {
    expect(await run()).toEqual({
      kind: "unchanged",
      version: deployedVersion,
      members: [PAYMENTS.id, STAGING.id, DATA.id],
      units: [UNIT_A, UNIT_B],
    });
    expect(store.writes).toEqual([]);
  });

  it("writes the new version's files and input first, the pointer last, then nothing on the next run", async () => {
    org.remove(STAGING.id);
    const outcome = await run();
    expect(outcome).toMatchObject({ kind: "refreshed", from: deployedVersion, to: withoutStaging });
    expect(store.writes.at(-1)).toBe(CONFIG_POINTER_KEY);
    const body = store.writes.slice(0, -1);
    expect(body.every((k) => k.startsWith(`config/${withoutStaging}/`))).toBe(true);
    expect(body).toContain(configRenderInputKey(withoutStaging));
    expect(body).toHaveLength(Object.keys(deployed(input, [PAYMENTS, DATA]).files).length + 1);
    expect(store.current).toBe(withoutStaging);
    expect(await store.read(configRenderInputKey(withoutStaging))).toBe(renderInputText(input));

    store.writes.length = 0;
    expect(await run()).toMatchObject({ kind: "unchanged", version: withoutStaging });
    expect(store.writes).toEqual([]);
  });

  it("follows an account that joins a unit, and ignores the home account listed in one", async () => {
    const joined = { id: "410987654321", name: "ml-prod", state: "ACTIVE" };
    put(UNIT_B, joined);
    put(UNIT_A, HOME);
    const outcome = await run();
    expect(outcome).toMatchObject({
      kind: "refreshed",
      to: refreshedTo(input, [PAYMENTS, STAGING, DATA, joined]),
      members: [PAYMENTS.id, STAGING.id, DATA.id, joined.id],
    });
  });

  it.each([
    [
      "throttled",
      "TooManyRequestsException",
      "ThrottledError: organizations:ListAccountsForParent was throttled",
    ],
    ["denied", "AccessDeniedException", "AwsCallError: .*AccessDeniedException"],
  ])(
    "keeps the pointer when Organizations is %s, and refreshes on the next healthy run",
    async (_, code, error) => {
      org.remove(STAGING.id);
      org.failNext("organizations:ListAccountsForParent", { code, status: 400 });
      const outcome = await run();
      expect(outcome).toMatchObject({ kind: "accounts-unavailable", version: deployedVersion });
      expect(outcome.kind === "accounts-unavailable" && outcome.error).toMatch(new RegExp(`^${error}`));
      expect(store.writes).toEqual([]);
      expect(store.current).toBe(deployedVersion);
      expect(await run()).toMatchObject({ kind: "refreshed", to: withoutStaging });
      expect(store.current).toBe(withoutStaging);
    },
  );

  it("never points at a version whose files failed to write; the next run writes it whole", async () => {
    org.remove(STAGING.id);
    store.failWritesAfter(3);
    expect(await run()).toMatchObject({ kind: "store-failed" });
    expect(store.current).toBe(deployedVersion);
    store.heal();
    store.writes.length = 0;
    expect(await run()).toMatchObject({ kind: "refreshed", to: withoutStaging });
    expect(store.writes.at(-1)).toBe(CONFIG_POINTER_KEY);
  });

  it("leaves the pointer to a deploy that moved it meanwhile", async () => {
    org.remove(STAGING.id);
    const deploy = "feedfacefeedface";
    const write = store.write.bind(store);
    store.write = async (key, body) => {
      await write(key, body);
      if (store.current !== deploy) store.seed(CONFIG_POINTER_KEY, deploy);
    };
    expect(await run()).toEqual({ kind: "pointer-moved", from: deployedVersion, to: deploy });
    expect(store.current).toBe(deploy);
  });

  it.each([
    ["missing", undefined, /render-input\.json: missing/],
    ["malformed", "{", /render-input\.json: not JSON/],
  ])("reports a %s render input and writes nothing", async (_, body, problem) => {
    const key = configRenderInputKey(deployedVersion);
    store.objects.delete(key);
    if (body !== undefined) store.seed(key, body);
    const outcome = await run();
    expect(outcome).toMatchObject({ kind: "invalid-render-input", version: deployedVersion });
    expect(outcome.kind === "invalid-render-input" && outcome.problem).toMatch(problem);
    expect(outcome.kind === "invalid-render-input" && outcome.problem).toContain("s3://state/config/");
    expect(store.writes).toEqual([]);
    expect(org.totalCalls()).toBe(0);
  });

  it("reports a config never deployed, and a version rendered without Organization units", async () => {
    expect(await runDiscoveryRefresh({ store: new MemoryConfigStore(), accounts: org })).toEqual({
      kind: "no-config",
    });
    const plain = { ...input, config: resolveConfig(memberAccounts, "production") };
    const other = new MemoryConfigStore();
    const version = configVersion({ x: "y" });
    other.seed(CONFIG_POINTER_KEY, version);
    other.seed(configRenderInputKey(version), renderInputText(plain));
    expect(await runDiscoveryRefresh({ store: other, accounts: org })).toEqual({
      kind: "not-organization",
      version,
    });
    expect(org.totalCalls()).toBe(0);
  });
});

describe("findingLevel", () => {
  it("logs only what keeps discovery from following the units as a problem", () => {
    const levels = Object.fromEntries(
      REFRESH_FINDINGS.map((kind) => [kind, findingLevel({ kind } as RefreshFinding)]),
    );
    expect(levels).toEqual({
      "no-config": "expected",
      "invalid-render-input": "problem",
      "not-organization": "problem",
      "accounts-unavailable": "problem",
      "store-failed": "problem",
      "pointer-moved": "expected",
    });
  });
});
