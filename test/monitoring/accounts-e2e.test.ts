import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { NAMED_ACCOUNT_TARGET_LABELS, NODE_TARGET_LABELS } from "../../packages/monitoring/src/jobs.js";
import { type Ec2Stub, STUB_ACCOUNT_ID, type StubInstance, startEc2Stub } from "./ec2-stub.js";
import { freePort, getJson, type RunningProcess, startProcess, waitFor } from "./processes.js";
import { config, render, tempDir, writeTree } from "./tools.js";

// Discovery across accounts, run by a real Prometheus: instances of the home account, of a named member and of an
// unnamed member, each in its own reservation of its owner, scraped on 127.0.0.40 to 127.0.0.42. The rendered
// member blocks carry role_arn, which Prometheus turns into an STS AssumeRole call, and STS cannot be stood in
// for offline (aws-sdk-go asks sts.amazonaws.com): the test drops those blocks and lets the home block's stub
// answer for every account. What it proves is the labeling from the owner id, as rendered; the role_arn blocks
// themselves are proven by promtool (prometheus.test.ts) and the AssumeRole grant by the stack tests.

const NAMED = "210987654321";
const UNNAMED = "410987654321";

function instance(n: number, ownerId: string): StubInstance {
  return {
    instanceId: `i-0acc0000000000${40 + n}`,
    imageId: "ami-0c02fb55956c7d316",
    state: "running",
    instanceType: "t3.large",
    availabilityZone: "us-east-1a",
    privateIpAddress: `127.0.0.${40 + n}`,
    vpcId: "vpc-0e2e0e2e0e2e0e2e0",
    subnetId: "subnet-0e2e0e2e0e2e0e2e1",
    tags: { "fleetwatch:scrape": "true", "fleetwatch:group": "default" },
    ownerId,
  };
}

const INSTANCES = [instance(0, STUB_ACCOUNT_ID), instance(1, NAMED), instance(2, UNNAMED)];

interface Target {
  labels: Record<string, string>;
  scrapePool: string;
  health: string;
}
interface NodeJob {
  ec2_sd_configs: { role_arn?: string }[];
}

const dir = tempDir("accounts-e2e");
const processes: RunningProcess[] = [];
let stub: Ec2Stub;
let prometheusUrl = "";
let memberBlocks = 0;

function logs(): string {
  return processes.map((p) => `--- ${p.name} ---\n${p.log().slice(-2_000)}`).join("\n");
}

beforeAll(async () => {
  stub = await startEc2Stub(INSTANCES);
  const exporterPort = await freePort("127.0.0.40");
  const resolved = config({
    accounts: { members: [{ id: NAMED, name: "payments-prod" }, { id: UNNAMED }] },
    nodeExporter: { port: exporterPort },
  });
  const tree = render(resolved, { ec2Endpoint: stub.url, testing: { interval: "1s" } });
  const file = "prometheus/default-a/prometheus.yml";
  const yml = parse(tree[file] ?? "") as { scrape_configs: NodeJob[] };
  const node = yml.scrape_configs[0] as NodeJob;
  memberBlocks = node.ec2_sd_configs.filter((sd) => sd.role_arn).length;
  node.ec2_sd_configs = node.ec2_sd_configs.filter((sd) => !sd.role_arn);
  writeTree(join(dir.path, "tree"), { ...tree, [file]: stringify(yml) });
  for (const i of INSTANCES) {
    processes.push(
      startProcess(`node_exporter ${i.privateIpAddress}`, "prometheus-node-exporter", [
        `--web.listen-address=${i.privateIpAddress}:${exporterPort}`,
      ]),
    );
  }
  const port = await freePort();
  processes.push(
    startProcess(
      "prometheus",
      "prometheus",
      [
        `--config.file=${join(dir.path, "tree", file)}`,
        `--storage.tsdb.path=${join(dir.path, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      {
        AWS_ACCESS_KEY_ID: "AKIAACCOUNTS",
        AWS_SECRET_ACCESS_KEY: "accounts",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    ),
  );
  prometheusUrl = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await stub?.close();
  dir.remove();
});

describe("a rendered config across accounts, run by a real Prometheus against a local EC2 API", () => {
  it("renders a role_arn block per member account and region (dropped here: no STS offline)", () => {
    expect(memberBlocks).toBe(2);
  });

  it("labels each target with its owner's account id, and a named member's with the name", async () => {
    const targets = await waitFor(
      "three healthy node targets",
      30_000,
      async () => {
        const body = await getJson<{ data: { activeTargets: Target[] } }>(
          `${prometheusUrl}/api/v1/targets?state=active`,
        );
        const node = body.data.activeTargets.filter((t) => t.scrapePool === "node");
        return node.length === 3 && node.every((t) => t.health === "up") ? node : undefined;
      },
      logs,
    );
    const byId = Object.fromEntries(targets.map((t) => [t.labels.instance_id, t.labels]));
    const accountOf = (n: number) => {
      const labels = byId[`i-0acc0000000000${40 + n}`] ?? {};
      return [labels.account_id, labels.account];
    };
    expect([accountOf(0), accountOf(1), accountOf(2)]).toEqual([
      [STUB_ACCOUNT_ID, undefined],
      [NAMED, "payments-prod"],
      [UNNAMED, undefined],
    ]);
    expect(Object.keys(byId[`i-0acc0000000000${41}`] ?? {}).sort()).toEqual(
      ["job", ...NODE_TARGET_LABELS, ...NAMED_ACCOUNT_TARGET_LABELS].sort(),
    );
    expect(Object.keys(byId[`i-0acc0000000000${40}`] ?? {}).sort()).toEqual(
      ["job", ...NODE_TARGET_LABELS].sort(),
    );
  }, 40_000);
});
