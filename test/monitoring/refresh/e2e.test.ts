import { join } from "node:path";
import {
  type AccountState,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { S3ConfigStore, s3ClientFromEnv } from "@fleetwatch/audit-aws";
import { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import { contentVersionOf, type OrganizationAccount, runDiscoveryRefresh } from "@fleetwatch/monitoring";
import { OrganizationsAccountDirectory } from "@fleetwatch/onboarding-aws";
import { CONFIG_POINTER_KEY, configVersionPrefix } from "@fleetwatch/state-layout";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runTool, tempDir, writeTree } from "../tools";
import {
  DATA,
  deployObjects,
  discoveredRoles,
  PAYMENTS,
  RETIRED,
  STAGING,
  twoUnitsInput,
  UNIT_A,
  UNIT_B,
} from "./inputs";

// The discovery refresh end to end: the real S3 adapter against the loopback S3 server (conditional writes and
// all), the real Organizations adapter on a mocked client, and promtool on what the refresh wrote.

const input = twoUnitsInput();
const org = mockClient(OrganizationsClient);
const server = new LoopbackS3();
const dir = tempDir("discovery-refresh");
let store: S3ConfigStore;
let deployedVersion: string;

/** What Organizations answers: the units' accounts (AWS's field names), no child units. */
function organization(units: Record<string, OrganizationAccount[]>): void {
  org.reset();
  for (const [unit, accounts] of Object.entries(units))
    org.on(ListAccountsForParentCommand, { ParentId: unit }).resolves({
      Accounts: accounts.map((a) => ({ Id: a.id, Name: a.name, State: a.state as AccountState })),
    });
  org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
}

const directory = new OrganizationsAccountDirectory(
  new OrganizationsClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } }),
);
const run = () => runDiscoveryRefresh({ store, accounts: directory, location: "s3://state/" });
const pointer = async () => (await store.pointer())?.version;

/** The files of a version as stored, by path relative to the version. */
async function storedTree(version: string): Promise<Record<string, string>> {
  const prefix = configVersionPrefix(version);
  const tree: Record<string, string> = {};
  for (const key of server
    .keys("state")
    .filter((k) => k.startsWith(prefix) && !k.endsWith("render-input.json")))
    tree[key.slice(prefix.length)] = (await store.read(key)) ?? "";
  return tree;
}

beforeAll(async () => {
  const endpoint = await server.start();
  store = new S3ConfigStore(
    s3ClientFromEnv({
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "LOCAL",
      AWS_SECRET_ACCESS_KEY: "LOCAL",
    }),
    "state",
  );
  server.createBucket("state");
  const deploy = deployObjects(input, [PAYMENTS, STAGING, DATA]);
  deployedVersion = deploy.version;
  for (const [key, body] of deploy.objects) server.put("state", key, body);
});

afterAll(async () => {
  org.restore();
  await server.stop();
  dir.remove();
});

describe("the discovery refresh against the loopback S3 server", () => {
  const puts = vi.spyOn(server, "put");
  const role = (id: string) => `arn:aws:iam::${id}:role/fleetwatch-member`;

  it("writes nothing while the units hold the deployed accounts", async () => {
    organization({ [UNIT_A]: [PAYMENTS, STAGING], [UNIT_B]: [DATA, RETIRED] });
    puts.mockClear();
    expect(await run()).toMatchObject({ kind: "unchanged", version: deployedVersion });
    expect(puts).not.toHaveBeenCalled();
  });

  it("after an account leaves a unit, writes a version without its discovery, moves the pointer last, promtool accepts it", async () => {
    organization({ [UNIT_A]: [PAYMENTS], [UNIT_B]: [DATA, RETIRED] });
    puts.mockClear();
    const outcome = await run();
    if (outcome.kind !== "refreshed") throw new Error(`expected a refresh, got ${JSON.stringify(outcome)}`);
    expect(outcome.members).toEqual([PAYMENTS.id, DATA.id]);
    const keys = puts.mock.calls.map((c) => c[1]);
    expect(keys.at(-1)).toBe(CONFIG_POINTER_KEY);
    expect(keys.slice(0, -1).every((k) => k.startsWith(configVersionPrefix(outcome.to)))).toBe(true);
    expect(keys).toHaveLength(outcome.written + 1);
    expect(await pointer()).toBe(outcome.to);

    const before = await storedTree(deployedVersion);
    const after = await storedTree(outcome.to);
    const configs = Object.keys(after).filter(
      (p) => p.startsWith("prometheus/") && p.endsWith("/prometheus.yml"),
    );
    expect(configs.length).toBe(4);
    expect(configs.flatMap((p) => discoveredRoles(before[p] ?? ""))).toContain(role(STAGING.id));
    expect(configs.flatMap((p) => discoveredRoles(after[p] ?? ""))).not.toContain(role(STAGING.id));
    expect(configs.flatMap((p) => discoveredRoles(after[p] ?? ""))).toContain(role(DATA.id));
    writeTree(join(dir.path, outcome.to), after);
    for (const file of configs) {
      const result = runTool("promtool", ["check", "config", join(dir.path, outcome.to, file)]);
      expect(result.status, `promtool check config ${file}:\n${result.output}`).toBe(0);
    }
  });

  it("writes nothing on the run after that", async () => {
    const current = await pointer();
    puts.mockClear();
    expect(await run()).toMatchObject({ kind: "unchanged", version: current });
    expect(puts).not.toHaveBeenCalled();
  });

  it.each([
    ["throttled", "TooManyRequestsException", 400],
    ["denied", "AccessDeniedException", 400],
  ])(
    "keeps the pointer when Organizations is %s; the next healthy run refreshes",
    async (_, name, status) => {
      const current = await pointer();
      org.reset();
      org
        .onAnyCommand()
        .rejects(Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } }));
      puts.mockClear();
      expect(await run()).toMatchObject({ kind: "accounts-unavailable", version: current });
      expect(puts).not.toHaveBeenCalled();
      expect(await pointer()).toBe(current);

      // Flip Staging: out while the pointer names the deployed accounts' tree (deployed or refreshed), else back in.
      const back = contentVersionOf(current ?? "") === deployedVersion ? [PAYMENTS] : [PAYMENTS, STAGING];
      organization({ [UNIT_A]: back, [UNIT_B]: [DATA] });
      const outcome = await run();
      expect(outcome).toMatchObject({ kind: "refreshed", from: current });
      expect(await pointer()).not.toBe(current);
    },
  );
});
