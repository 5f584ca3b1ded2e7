import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  getJson,
  type RunningProcess,
  startProcess,
  startWebhookReceiver,
  type WebhookReceiver,
  waitFor,
} from "./processes.js";
import { config, render, tempDir, writeTree } from "./tools.js";

// Three real Alertmanagers (Debian's 0.25) clustered by gossip on 127.0.0.11-13, the way the stack runs its
// replicas, with the rendered alertmanager.yml posting to a local stand-in for Slack's webhook: a silence set on
// one holds on the others, an alert every replica receives is posted once, and a restarted or replaced replica
// keeps the silence.

const IPS = ["127.0.0.11", "127.0.0.12", "127.0.0.13"] as const;
/** The wait of the replica at position p before it notifies is p x this (default 15s; short for the test). */
const PEER_TIMEOUT_S = 2;
/** Long enough for the last replica's turn (2 x PEER_TIMEOUT_S after group_wait) to have passed, with room. */
const AFTER_LAST_TURN_MS = 2 * PEER_TIMEOUT_S * 1000 + 8_000;

interface Replica {
  readonly ip: string;
  readonly webPort: number;
  readonly clusterPort: number;
  storage: string;
  process?: RunningProcess;
}

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; silencedBy: string[] };
}

const dir = tempDir("alertmanager-cluster");
const replicas: Replica[] = [];
let slack: WebhookReceiver;
let configFile = "";

const url = (r: Replica) => `http://${r.ip}:${r.webPort}`;

function logs(): string {
  return replicas
    .map((r) => `--- alertmanager ${r.ip} ---\n${r.process?.log().slice(-3_000) ?? ""}`)
    .join("\n");
}

/** Starts a replica on its address and ports with its storage path, peered with every other replica. */
function start(replica: Replica): void {
  mkdirSync(replica.storage, { recursive: true });
  replica.process = startProcess(`alertmanager ${replica.ip}`, "prometheus-alertmanager", [
    `--config.file=${configFile}`,
    `--storage.path=${replica.storage}`,
    `--web.listen-address=${replica.ip}:${replica.webPort}`,
    `--cluster.listen-address=${replica.ip}:${replica.clusterPort}`,
    ...replicas.filter((r) => r !== replica).map((r) => `--cluster.peer=${r.ip}:${r.clusterPort}`),
    "--cluster.gossip-interval=100ms",
    "--cluster.pushpull-interval=2s",
    "--cluster.settle-timeout=10s",
    `--cluster.peer-timeout=${PEER_TIMEOUT_S}s`,
    "--cluster.reconnect-interval=1s",
  ]);
}

/** Waits until a replica's API answers and it sees every replica as a member of a settled cluster. */
async function clustered(replica: Replica): Promise<void> {
  await waitFor(
    `alertmanager ${replica.ip} to see ${replicas.length} peers`,
    45_000,
    async () => {
      const status = await getJson<{ cluster: { status: string; peers: unknown[] } }>(
        `${url(replica)}/api/v2/status`,
      );
      return status.cluster.status === "ready" && status.cluster.peers.length === replicas.length
        ? true
        : undefined;
    },
    logs,
  );
}

async function post(target: string, body: unknown): Promise<unknown> {
  const response = await fetch(target, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`POST ${target}: HTTP ${response.status} ${await response.text()}`);
  return response.json().catch(() => undefined);
}

/** Posts one firing alert (warning, group default) to the given replicas. */
async function fire(alertname: string, to: readonly Replica[]): Promise<void> {
  const alert = {
    labels: { alertname, severity: "warning", fleetwatch_group: "default", instance_id: "i-0cluster" },
    annotations: { summary: `${alertname} from the cluster test` },
    startsAt: new Date(Date.now() - 1_000).toISOString(),
  };
  for (const replica of to) await post(`${url(replica)}/api/v2/alerts`, [alert]);
}

async function alertsOn(replica: Replica, alertname: string): Promise<ApiAlert[]> {
  return getJson<ApiAlert[]>(
    `${url(replica)}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`,
  );
}

/** The Slack messages about an alert name. */
function postsAbout(alertname: string): unknown[] {
  return slack.received.filter((p) => JSON.stringify(p).includes(alertname));
}

async function silence(on: Replica, alertname: string): Promise<string> {
  const now = Date.now();
  const created = (await post(`${url(on)}/api/v2/silences`, {
    matchers: [{ name: "alertname", value: alertname, isRegex: false, isEqual: true }],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    createdBy: "fleetwatch test",
    comment: "silenced on one replica",
  })) as { silenceID: string };
  return created.silenceID;
}

async function hasActiveSilence(replica: Replica, id: string): Promise<boolean> {
  const silences = await getJson<{ id: string; status: { state: string } }[]>(
    `${url(replica)}/api/v2/silences`,
  );
  return silences.some((s) => s.id === id && s.status.state === "active");
}

/** An alert sent to `replica` only is suppressed by the silence `id` there, and never reaches Slack. */
async function expectSilencedOn(replica: Replica, id: string, alertname: string, control: string) {
  await fire(alertname, [replica]);
  // The control is not silenced: once it arrives, the silenced alert had its chance to arrive too.
  await fire(control, [replica]);
  const [suppressed] = await alertsOn(replica, alertname);
  expect(suppressed?.status).toEqual({ state: "suppressed", silencedBy: [id], inhibitedBy: [] });
  await waitFor(
    "the control alert in Slack",
    30_000,
    async () => (postsAbout(control).length ? true : undefined),
    logs,
  );
  await new Promise((resolve) => setTimeout(resolve, AFTER_LAST_TURN_MS));
  expect(postsAbout(alertname)).toEqual([]);
}

beforeAll(async () => {
  slack = await startWebhookReceiver();
  const webhookFile = join(dir.path, "slack-webhook-url");
  writeFileSync(webhookFile, slack.url);
  const tree = render(config({ slack: { enabled: true, channel: "#fleetwatch-cluster" } }), {
    slackWebhookUrlFile: webhookFile,
    testing: { groupWait: "1s" },
  });
  writeTree(join(dir.path, "tree"), tree);
  configFile = join(dir.path, "tree/alertmanager/alertmanager.yml");
  for (const [index, ip] of IPS.entries()) {
    replicas.push({
      ip,
      webPort: await freePort(ip),
      clusterPort: await freePort(ip),
      storage: join(dir.path, `data-${index}`),
    });
  }
  for (const replica of replicas) start(replica);
  for (const replica of replicas) await clustered(replica);
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.process?.stop()));
  await slack?.close();
  dir.remove();
});

describe("Alertmanager replicas clustered by gossip, with the rendered config", () => {
  const first = () => replicas[0] as Replica;
  const second = () => replicas[1] as Replica;
  const third = () => replicas[2] as Replica;

  it("honours on every replica a silence set on one: an alert sent to another is not posted", async () => {
    const id = await silence(first(), "SilencedOnPeer");
    for (const replica of [second(), third()]) {
      await waitFor("the silence to reach the peers", 15_000, async () =>
        (await hasActiveSilence(replica, id)) ? true : undefined,
      );
    }
    await expectSilencedOn(second(), id, "SilencedOnPeer", "NotSilencedControl");
  }, 90_000);

  it("posts an alert every replica receives once", async () => {
    await fire("DeliveredOnce", replicas);
    for (const replica of replicas) {
      const [alert] = await alertsOn(replica, "DeliveredOnce");
      expect(alert?.status.state, replica.ip).toBe("active");
    }
    await waitFor("DeliveredOnce in Slack", 30_000, async () =>
      postsAbout("DeliveredOnce").length ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, AFTER_LAST_TURN_MS));
    expect(postsAbout("DeliveredOnce"), logs()).toHaveLength(1);
  }, 90_000);

  it("keeps the silence on a replica restarted with its storage path, and on one replaced with an empty one", async () => {
    const id = await silence(first(), "SilencedAcrossRestarts");
    await waitFor("the silence to reach the second replica", 15_000, async () =>
      (await hasActiveSilence(second(), id)) ? true : undefined,
    );

    // A restart: the same storage path (a container restarted in place).
    await second().process?.stop();
    start(second());
    await clustered(second());
    expect(await hasActiveSilence(second(), id)).toBe(true);
    await expectSilencedOn(second(), id, "SilencedAcrossRestarts", "RestartControl");

    // A replacement: a new Fargate task starts with an empty volume and gets the silence from the others.
    await third().process?.stop();
    third().storage = join(dir.path, "data-2-replacement");
    start(third());
    await clustered(third());
    await waitFor("the silence on the replacement", 15_000, async () =>
      (await hasActiveSilence(third(), id)) ? true : undefined,
    );
    await expectSilencedOn(third(), id, "SilencedAcrossRestarts", "ReplacementControl");
  }, 180_000);
});
