import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardOf } from "../../packages/monitoring/src/shards.js";
import { groupReplicas } from "../../packages/monitoring/src/topology.js";
import { type Ec2Stub, type StubInstance, startEc2Stub } from "./ec2-stub.js";
import { freePort, getJson, type RunningProcess, startProcess, waitFor } from "./processes.js";
import { config, render, tempDir, writeTree } from "./tools.js";

// Three shards of one group, two replicas each: six real Prometheus servers discover a dozen instances from a local
// EC2 API and scrape real node_exporters on 127.0.0.10 to 127.0.0.21. Every instance must be scraped by exactly
// one shard of each replica, the shard Prometheus's hashmod gives and `shardOf` predicts.

const SHARDS = 3;
const INSTANCES: StubInstance[] = Array.from({ length: 12 }, (_, i) => ({
  instanceId: `i-0${(0x5a4d00 + i * 7919).toString(16).padStart(16, "0")}`,
  imageId: "ami-0c02fb55956c7d316",
  state: "running",
  instanceType: "t3.large",
  availabilityZone: "us-east-1a",
  privateIpAddress: `127.0.0.${10 + i}`,
  vpcId: "vpc-0e2e0e2e0e2e0e2e0",
  subnetId: "subnet-0e2e0e2e0e2e0e2e1",
  tags: { Name: `web-${i + 1}`, "fleetwatch:scrape": "true", "fleetwatch:group": "web" },
}));

interface Target {
  labels: Record<string, string>;
  scrapePool: string;
  health: string;
}

const dir = tempDir("shards");
const processes: RunningProcess[] = [];
let stub: Ec2Stub;
const servers: { component: string; shard: number; replica: string; url: string }[] = [];

function logs(): string {
  return processes.map((p) => `--- ${p.name} ---\n${p.log().slice(-2_000)}`).join("\n");
}

beforeAll(async () => {
  stub = await startEc2Stub(INSTANCES);
  const exporterPort = await freePort("127.0.0.10");
  const resolved = config({
    scrapeGroups: [{ name: "web", replicas: 2, shards: SHARDS }],
    nodeExporter: { port: exporterPort },
  });
  writeTree(join(dir.path, "tree"), render(resolved, { ec2Endpoint: stub.url, testing: { interval: "1s" } }));
  for (const instance of INSTANCES) {
    processes.push(
      startProcess(`node_exporter ${instance.privateIpAddress}`, "prometheus-node-exporter", [
        `--web.listen-address=${instance.privateIpAddress}:${exporterPort}`,
      ]),
    );
  }
  for (const replica of groupReplicas(resolved.scrapeGroups[0] as (typeof resolved.scrapeGroups)[number])) {
    const port = await freePort();
    processes.push(
      startProcess(
        replica.component,
        "prometheus",
        [
          `--config.file=${join(dir.path, "tree", replica.dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${join(dir.path, `data-${replica.component}`)}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        {
          AWS_ACCESS_KEY_ID: "AKIASHARDS",
          AWS_SECRET_ACCESS_KEY: "shards",
          AWS_EC2_METADATA_DISABLED: "true",
        },
      ),
    );
    servers.push({
      component: replica.component,
      shard: replica.shard,
      replica: replica.replica,
      url: `http://127.0.0.1:${port}`,
    });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await stub?.close();
  dir.remove();
});

/** The instance ids a server scrapes, once discovery ran and every one of its node targets is up. */
async function scrapedBy(url: string): Promise<string[]> {
  const body = await getJson<{ data: { activeTargets: Target[] } }>(`${url}/api/v1/targets?state=active`);
  const node = body.data.activeTargets.filter((t) => t.scrapePool === "node");
  if (node.some((t) => t.health !== "up"))
    return Promise.reject(new Error("not every node target is up yet"));
  return node.map((t) => t.labels.instance_id as string).sort();
}

describe("three shards of a group, run by real Prometheus servers", () => {
  it("scrape every instance with exactly one shard of each replica, the shard hashmod of its instance id gives", async () => {
    const expected = new Map<number, string[]>();
    for (const instance of INSTANCES) {
      const shard = shardOf(instance.instanceId, SHARDS);
      expected.set(shard, [...(expected.get(shard) ?? []), instance.instanceId].sort());
    }
    const scraped = new Map<string, string[]>();
    await waitFor(
      "every shard to discover and scrape its instances",
      45_000,
      async () => {
        for (const server of servers) {
          const ids = await scrapedBy(server.url).catch(() => undefined);
          if (!ids) return undefined;
          scraped.set(server.component, ids);
        }
        const total = [...scraped.values()].reduce((n, ids) => n + ids.length, 0);
        return total === INSTANCES.length * 2 ? true : undefined;
      },
      logs,
    );
    for (const replica of ["a", "b"]) {
      const ofReplica = servers.filter((s) => s.replica === replica);
      const all = ofReplica.flatMap((s) => scraped.get(s.component) ?? []);
      expect(all.sort(), `replica ${replica}: none twice, none missed`).toEqual(
        INSTANCES.map((i) => i.instanceId).sort(),
      );
      for (const server of ofReplica) {
        expect(scraped.get(server.component), server.component).toEqual(expected.get(server.shard) ?? []);
      }
    }
    // The split is real: no shard holds them all.
    expect(Math.max(...[...expected.values()].map((ids) => ids.length))).toBeLessThan(INSTANCES.length);
  }, 60_000);

  it("label each shard's data with its shard, and keep the replica label for Query to deduplicate", async () => {
    for (const server of servers) {
      const body = await getJson<{ data: { yaml: string } }>(`${server.url}/api/v1/status/config`);
      expect(body.data.yaml, server.component).toContain(`fleetwatch_shard: "${server.shard}"`);
      expect(body.data.yaml, server.component).toContain(`prometheus_replica: ${server.replica}`);
    }
  });
});
