import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_TARGET_LABELS } from "../../packages/monitoring/src/jobs.js";
import { RUNBOOK_URL } from "../../packages/monitoring/src/options.js";
import { type Ec2Stub, STUB_ACCOUNT_ID, type StubInstance, startEc2Stub } from "./ec2-stub.js";
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

// The rendered config, run for real: Prometheus 2.42 discovers instances from a local EC2 API and scrapes real
// node_exporters on 127.0.0.2 and 127.0.0.3; stopping one fires NodeTargetDown through a real Alertmanager to a
// local stand-in for Slack's webhook.

const instances = JSON.parse(
  readFileSync(new URL("../fixtures/monitoring/ec2-instances.json", import.meta.url), "utf8"),
) as StubInstance[];

interface Target {
  labels: Record<string, string>;
  scrapePool: string;
  health: string;
  scrapeUrl: string;
}
interface SlackPayload {
  channel: string;
  username: string;
  attachments: { title: string; title_link: string; text: string; color: string; pretext?: string }[];
}

const dir = tempDir("e2e");
const processes: RunningProcess[] = [];
let stub: Ec2Stub;
let slack: WebhookReceiver;
let prometheusUrl = "";
let alertmanagerUrl = "";
let webExporter: RunningProcess;
let exporterPort = 0;
let tree: Record<string, string> = {};

function logs(): string {
  return processes.map((p) => `--- ${p.name} ---\n${p.log().slice(-3_000)}`).join("\n");
}

async function nodeTargets(): Promise<Target[]> {
  const body = await getJson<{ data: { activeTargets: Target[] } }>(
    `${prometheusUrl}/api/v1/targets?state=active`,
  );
  return body.data.activeTargets.filter((t) => t.scrapePool === "node");
}

beforeAll(async () => {
  stub = await startEc2Stub(instances);
  slack = await startWebhookReceiver();
  exporterPort = await freePort("127.0.0.2");
  const [prometheusPort, alertmanagerPort] = [await freePort(), await freePort()];
  const webhookFile = join(dir.path, "slack-webhook-url");
  writeFileSync(webhookFile, slack.url);

  const resolved = config({
    nodeExporter: { port: exporterPort },
    slack: { enabled: true, channel: "#fleetwatch-e2e" },
  });
  tree = render(resolved, {
    ec2Endpoint: stub.url,
    slackWebhookUrlFile: webhookFile,
    testing: { interval: "1s", for: "1s", groupWait: "1s", alertmanagers: [`127.0.0.1:${alertmanagerPort}`] },
  });
  writeTree(join(dir.path, "tree"), tree);

  for (const ip of ["127.0.0.2", "127.0.0.3"]) {
    processes.push(
      startProcess(`node_exporter ${ip}`, "prometheus-node-exporter", [
        `--web.listen-address=${ip}:${exporterPort}`,
      ]),
    );
  }
  webExporter = processes[0] as RunningProcess;
  processes.push(
    startProcess("alertmanager", "prometheus-alertmanager", [
      `--config.file=${join(dir.path, "tree/alertmanager/alertmanager.yml")}`,
      `--storage.path=${join(dir.path, "alertmanager-data")}`,
      `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
      "--cluster.listen-address=",
    ]),
  );
  processes.push(
    startProcess(
      "prometheus",
      "prometheus",
      [
        `--config.file=${join(dir.path, "tree/prometheus/default-a/prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir.path, "prometheus-data")}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ],
      // aws-sdk-go signs requests: any static credentials do; never ask an instance metadata service.
      {
        AWS_ACCESS_KEY_ID: "AKIAE2ETEST",
        AWS_SECRET_ACCESS_KEY: "e2e-secret",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    ),
  );
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
  await waitFor(
    "Prometheus to be ready",
    20_000,
    async () => ((await fetch(`${prometheusUrl}/-/ready`)).ok ? true : undefined),
    logs,
  );
  await waitFor(
    "Alertmanager to be ready",
    20_000,
    async () => ((await fetch(`http://127.0.0.1:${alertmanagerPort}/-/ready`)).ok ? true : undefined),
    logs,
  );
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await stub?.close();
  await slack?.close();
  dir.remove();
});

describe("a rendered Prometheus config, run by a real Prometheus against a local EC2 API", () => {
  it("discovers exactly the running instances tagged for its group, with the labels rules and dashboards use, up", async () => {
    const targets = await waitFor(
      "two healthy node targets",
      30_000,
      async () => {
        const found = await nodeTargets();
        return found.length === 2 && found.every((t) => t.health === "up") ? found : undefined;
      },
      () => `targets: ${JSON.stringify(stub.requests.length)} EC2 requests\n${logs()}`,
    );
    const byId = Object.fromEntries(targets.map((t) => [t.labels.instance_id, t]));
    expect(Object.keys(byId).sort()).toEqual(["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"]);
    expect(byId["i-0a1b2c3d4e5f60001"]?.labels).toEqual({
      job: "node",
      instance: "web-1",
      instance_id: "i-0a1b2c3d4e5f60001",
      instance_type: "t3.large",
      availability_zone: "us-east-1a",
      region: "us-east-1",
      vpc_id: "vpc-0e2e0e2e0e2e0e2e0",
      // The home account's id, from the reservation's owner: home targets carry it too.
      account_id: STUB_ACCOUNT_ID,
    });
    // No Name tag: the instance id stands in.
    expect(byId["i-0a1b2c3d4e5f60002"]?.labels.instance).toBe("i-0a1b2c3d4e5f60002");
    for (const target of targets) {
      expect(Object.keys(target.labels).sort()).toEqual(["job", ...NODE_TARGET_LABELS].sort());
    }
    expect(byId["i-0a1b2c3d4e5f60001"]?.scrapeUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/metrics$/);

    const up = await getJson<{
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    }>(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('up{job="node"}')}`);
    expect(up.data.result.map((r) => [r.metric.instance, r.value[1]]).sort()).toEqual([
      ["i-0a1b2c3d4e5f60002", "1"],
      ["web-1", "1"],
    ]);
  });

  it("exposes every node_ and prometheus_ metric the rules and dashboards select on", async () => {
    const names = (text: string) =>
      new Set([...text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/gm)].map((m) => m[1]));
    const own = await (await fetch(`${prometheusUrl}/metrics`)).text();
    // PrometheusEC2DiscoveryErrors and the fleet dashboard select on these exact series.
    expect(own).toContain('prometheus_sd_refresh_failures_total{mechanism="ec2"}');
    expect(own).toContain('prometheus_sd_discovered_targets{config="node",name="scrape"}');
    const exported = new Set([
      ...names(own),
      ...names(await (await fetch(`http://127.0.0.3:${exporterPort}/metrics`)).text()),
    ]);
    const used = new Set(
      Object.entries(tree)
        .filter(([path]) => path.startsWith("rules/") || path.startsWith("grafana/dashboards/"))
        .flatMap(([, text]) => text.split("\n").filter((line) => /^\s*"?expr"?:/.test(line)))
        .flatMap((line) => [...line.matchAll(/\b((?:node|prometheus)_[a-zA-Z0-9_]+)\b/g)].map((m) => m[1])),
    );
    const missing = [...used].filter((name) => name && !exported.has(name));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(15);
  });

  it("asked EC2 with the server-side filters of its group", () => {
    const describe = stub.requests.find((r) => r.get("Action") === "DescribeInstances");
    expect(describe, `requests: ${stub.requests.map((r) => r.get("Action")).join(", ")}`).toBeDefined();
    const filters = Object.fromEntries(
      [...(describe as URLSearchParams)]
        .filter(([k]) => /^Filter\.\d+\.Name$/.test(k))
        .map(([k, name]) => [name, describe?.get(k.replace("Name", "Value.1"))]),
    );
    expect(filters).toEqual({
      "tag:fleetwatch:scrape": "true",
      "tag:fleetwatch:group": "default",
      "instance-state-name": "running",
    });
  });

  it("fires NodeTargetDown for a stopped exporter through Alertmanager, as a Slack message with runbook and Grafana links", async () => {
    await webExporter.stop();
    const payload = await waitFor(
      "a Slack message about NodeTargetDown",
      40_000,
      async () =>
        (slack.received as SlackPayload[]).find((p) =>
          p.attachments?.some((a) => a.title.includes("NodeTargetDown")),
        ),
      () =>
        `received: ${JSON.stringify(slack.received.map((p) => (p as SlackPayload).attachments?.[0]?.title))}\n${logs()}`,
    );
    expect(payload.channel).toBe("#fleetwatch-e2e");
    expect(payload.username).toBe("fleetwatch");
    const [attachment] = payload.attachments;
    expect(attachment?.title).toBe("[FIRING:1] NodeTargetDown (warning) in default");
    expect(attachment?.color).toBe("warning");
    expect(attachment?.title_link).toBe(`${RUNBOOK_URL}#nodetargetdown`);
    expect(attachment?.text).toContain("*node_exporter on web-1 (i-0a1b2c3d4e5f60001) does not answer*");
    expect(attachment?.text).toContain(
      "Prometheus cannot scrape i-0a1b2c3d4e5f60001 in us-east-1 (us-east-1a)",
    );
    expect(attachment?.text).toContain(`<${RUNBOOK_URL}#nodetargetdown|Runbook>`);
    expect(attachment?.text).toContain(
      "<http://Grafana.dev.fleetwatch.sst:3000/d/fleetwatch-node-detail/node-detail?var-group=default&var-instance=web-1|Grafana>",
    );
    // Alertmanager holds one alert for the instance: group label kept, the replica label dropped (HA dedup).
    const alerts = await getJson<{ labels: Record<string, string> }[]>(
      `${alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent('alertname="NodeTargetDown"')}`,
    );
    expect(alerts.map((a) => a.labels)).toEqual([
      {
        alertname: "NodeTargetDown",
        severity: "warning",
        fleetwatch_group: "default",
        job: "node",
        instance: "web-1",
        instance_id: "i-0a1b2c3d4e5f60001",
        instance_type: "t3.large",
        availability_zone: "us-east-1a",
        region: "us-east-1",
        vpc_id: "vpc-0e2e0e2e0e2e0e2e0",
        account_id: STUB_ACCOUNT_ID,
      },
    ]);
    // The other instance still answers: no alert about it.
    const aboutOther = (slack.received as SlackPayload[]).filter((p) =>
      p.attachments.some((a) => a.title.includes("NodeTargetDown") && a.text.includes("i-0a1b2c3d4e5f60002")),
    );
    expect(aboutOther).toEqual([]);
  });
});
