import { posix } from "node:path";
import { resolveConfig } from "@fleetwatch/config";
import {
  configVersion,
  FILES,
  GRAFANA_PROVISIONING_DIRS,
  type PrometheusReplica,
  prometheusReplicas,
  type RulerReplica,
  renderAll,
  rulerReplicas,
  stackTopology,
} from "@fleetwatch/monitoring";
import type { AppRun } from "@fleetwatch/sst-offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLACK_WEBHOOK_FILE } from "../../../stacks/monitoring/names";
import twoGroups from "../../fixtures/configs/two-groups";
import { runStage } from "../../infra/harness";
import { runTool, tempDir, writeTree } from "../../monitoring/tools";
import {
  BUCKET_OBJECT,
  cloudMapNames,
  containersOf,
  ecsService,
  flag,
  INGRESS_RULE,
  serviceNames,
  uploadedTree,
} from "./tasks";

// The files the stack ships are @fleetwatch/monitoring's, and they name what the stack creates.

const ROOT = "/etc/fleetwatch/";

/** `dns+http://host:port`, `http://host:port`, `host:port` -> [host, port]. */
function hostPort(address: string): [string, number] {
  const bare = address.replace(/^dns\+/, "").replace(/^https?:\/\//, "");
  const [host, port] = bare.split(":");
  return [host ?? "", Number(port)];
}

interface Prometheus {
  alerting: { alertmanagers: SdConfigs[] };
  rule_files: string[];
  scrape_configs: SdConfigs[];
}

/** The service discovery of a scrape config or of an `alerting.alertmanagers` entry. */
interface SdConfigs {
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; port: number }[];
}

/** Every `host:port` service discovery names. */
function sdAddresses(s: SdConfigs): string[] {
  return [
    ...(s.static_configs ?? []).flatMap((c) => c.targets),
    ...(s.dns_sd_configs ?? []).flatMap((d) => d.names.map((n) => `${n}:${d.port}`)),
  ];
}

/** Every `host:port` a rendered file makes its reader call, by reader component. */
function addressesCalled(
  tree: Record<string, string>,
  replicas: PrometheusReplica[],
  rulers: RulerReplica[],
): [string, string[]][] {
  const yaml = <T>(path: string) => parse(tree[path] ?? "") as T;
  const calls: [string, string[]][] = replicas.map((replica) => {
    const p = yaml<Prometheus>(FILES.prometheus(replica));
    return [
      replica.component,
      [...p.alerting.alertmanagers.flatMap(sdAddresses), ...p.scrape_configs.flatMap(sdAddresses)],
    ];
  });
  const endpoints = yaml<{ endpoints: { address: string }[] }>("thanos/query-endpoints.yml");
  const alertmanagers = yaml<{ alertmanagers: { static_configs: string[] }[] }>(
    "thanos/ruler-alertmanagers.yml",
  );
  const query = yaml<{ static_configs: string[] }[]>("thanos/ruler-query.yml");
  const datasources = yaml<{ datasources: { url: string }[] }>(
    "grafana/provisioning/datasources/fleetwatch.yml",
  );
  calls.push(
    ["ThanosQuery", endpoints.endpoints.map((e) => e.address)],
    // Every Ruler replica reads the same files.
    ...rulers.map((ruler): [string, string[]] => [
      ruler.component,
      [
        ...alertmanagers.alertmanagers.flatMap((a) => a.static_configs),
        ...query.flatMap((q) => q.static_configs),
      ],
    ]),
    ["Grafana", datasources.datasources.map((d) => d.url)],
  );
  return calls;
}

/** The ports a component's containers listen on, from their flags and Grafana's environment. */
function listenPorts(run: AppRun, component: string): number[] {
  return containersOf(run, component).flatMap((c) => [
    ...["web.listen-address", "http-address", "grpc-address"]
      .map((f) => flag(c.command, f))
      .filter((v): v is string => v !== undefined)
      .map((v) => Number(v.split(":").at(-1))),
    ...(c.environment ?? []).filter((e) => e.name === "GF_SERVER_HTTP_PORT").map((e) => Number(e.value)),
  ]);
}

describe("the config the two-group, two-region app ships", () => {
  const config = resolveConfig(twoGroups, "dev");
  const replicas = prometheusReplicas(config);
  const prometheus = ["PrometheusWebA", "PrometheusWebB", "PrometheusDataEuA", "PrometheusDataEuB"];
  let run: AppRun;
  let tree: Record<string, string>;
  let names: string[];
  beforeAll(async () => {
    run = await runStage("dev", "two-groups.ts");
    tree = uploadedTree(run);
    names = cloudMapNames(run);
  });

  it("uploads exactly what renderAll renders for the stack's topology, Grafana on the load balancer", () => {
    const grafanaUrl = String(run.outputs.grafanaUrl);
    expect(grafanaUrl).toMatch(/^http:\/\/.+\.elb\.amazonaws\.com$/);
    const expected = renderAll(
      config,
      { ...stackTopology(config), grafanaUrl },
      { slackWebhookUrlFile: SLACK_WEBHOOK_FILE },
    );
    expect(tree).toEqual(expected);
    expect(tree["alertmanager/templates/slack.tmpl"]).toContain(grafanaUrl);
    expect(configVersion(tree)).toBe(run.outputs.configVersion);
    const pointer = run.graph.ofType(BUCKET_OBJECT).find((o) => o.inputs.key === "config/current");
    expect(pointer?.inputs.content).toBe(run.outputs.configVersion);
  });

  it("names in Query's endpoints, the Ruler's Alertmanager and Query, Grafana's datasources and Prometheus's scrape configs the Cloud Map services actually created, on ports they listen on", () => {
    const called = addressesCalled(tree, replicas, rulerReplicas(config));
    let checked = 0;
    for (const [reader, addresses] of called) {
      expect(addresses.length, reader).toBeGreaterThan(0);
      for (const address of addresses) {
        const [host, port] = hostPort(address);
        expect(names, `${reader} -> ${address}`).toContain(host);
        expect(listenPorts(run, host.split(".")[0] ?? ""), `${reader} -> ${address}`).toContain(port);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
    const components = (reader: string) =>
      new Set((called.find(([r]) => r === reader)?.[1] ?? []).map((a) => hostPort(a)[0].split(".")[0]));
    expect([...components("ThanosQuery")]).toEqual([
      ...prometheus,
      "ThanosStore",
      "ThanosRulerA",
      "ThanosRulerB",
    ]);
    // The first group's pair watches every shared service and itself; every other group only itself.
    const shared = serviceNames(run).filter((n) => !n.startsWith("Prometheus"));
    expect([...components("PrometheusWebA")].sort()).toEqual(
      [...shared, "PrometheusWebA", "PrometheusWebB"].sort(),
    );
    expect([...components("PrometheusDataEuB")].sort()).toEqual([
      "Alertmanager",
      "PrometheusDataEuA",
      "PrometheusDataEuB",
    ]);
    const watched = new Set(prometheus.flatMap((p) => [...components(p)]));
    expect([...watched].sort()).toEqual(serviceNames(run).sort());
  });

  it("admits between tasks exactly the calls the rendered files and flags make, and nothing more", () => {
    const services = serviceNames(run);
    const groupsOf = new Map(
      services.map((name) => {
        const network = ecsService(run, name).inputs.networkConfiguration as { securityGroups: string[] };
        return [name, network.securityGroups];
      }),
    );
    const rules = run.graph.ofType(INGRESS_RULE).map((r) => ({
      from: String(r.inputs.referencedSecurityGroupId),
      to: String(r.inputs.securityGroupId),
      port: Number(r.inputs.fromPort),
    }));
    const admitted = (from: string, to: string, port: number) =>
      rules.some(
        (r) =>
          r.port === port &&
          (groupsOf.get(from) ?? []).includes(r.from) &&
          (groupsOf.get(to) ?? []).includes(r.to),
      );
    const frontend = containersOf(run, "ThanosQueryFrontend").find((c) => c.name === "thanos-query-frontend");
    const calls = [
      ...addressesCalled(tree, replicas, rulerReplicas(config)),
      ["ThanosQueryFrontend", [flag(frontend?.command, "query-frontend.downstream-url") ?? ""]] as [
        string,
        string[],
      ],
    ];
    const needed = new Set<string>();
    for (const [reader, addresses] of calls) {
      for (const address of addresses) {
        const [host, port] = hostPort(address);
        const target = services.find((n) => n.toLowerCase() === host.split(".")[0]?.toLowerCase());
        needed.add(`${reader} -> ${target}:${port}`);
      }
    }
    const open = new Set<string>();
    for (const from of services) {
      for (const to of services) {
        for (const port of listenPorts(run, to)) {
          if (from !== to && admitted(from, to, port)) open.add(`${from} -> ${to}:${port}`);
        }
      }
    }
    // A replica's calls to itself never cross a security group.
    const crossing = [...needed].filter((call) => {
      const [from, to] = call.split(/ -> |:/);
      return from !== to;
    });
    expect([...open].sort()).toEqual(crossing.sort());
    expect(open.has("PrometheusDataEuA -> ThanosQuery:10902")).toBe(false);
    expect(open.has("PrometheusDataEuA -> PrometheusWebA:9090")).toBe(false);
  });

  it("points every flag at a file that is uploaded and fetched into the task that reads it", () => {
    let checked = 0;
    for (const name of serviceNames(run)) {
      const containers = containersOf(run, name);
      const init = containers.find((c) => c.name === "config-init");
      const fetched =
        (init?.environment ?? []).find((e) => e.name === "CONFIG_PATHS")?.value.split(" ") ?? [];
      for (const c of containers.filter((c) => c !== init && c.name !== "config-reloader")) {
        const values = [...(c.command ?? []), ...(c.environment ?? []).map((e) => e.value)];
        for (const value of values) {
          const at = value.indexOf(ROOT);
          if (at < 0) continue;
          const path = value.slice(at + ROOT.length);
          const exists = path in tree || Object.keys(tree).some((p) => p.startsWith(`${path}/`));
          expect(exists, `${name}/${c.name}: ${value}`).toBe(true);
          expect(
            fetched.some((dir) => path.startsWith(`${dir}/`)),
            `${name}/${c.name}: ${path} in ${fetched.join(" ")}`,
          ).toBe(true);
          checked++;
        }
      }
    }
    // Per replica --config.file and the sidecar's objstore; each of the 2 Rulers 4; every other service 1.
    expect(checked).toBe(4 * 2 + 2 * 4 + 6);
  });

  it("delivers into Grafana's task every provisioning directory Grafana reads at start", () => {
    const init = containersOf(run, "Grafana").find((c) => c.name === "config-init");
    const fetched = (init?.environment ?? []).find((e) => e.name === "CONFIG_PATHS")?.value.split(" ") ?? [];
    for (const dir of GRAFANA_PROVISIONING_DIRS) {
      const prefix = `${FILES.grafanaProvisioning}/${dir}/`;
      expect(Object.keys(tree).filter((p) => p.startsWith(prefix)).length, dir).toBeGreaterThan(0);
      expect(
        fetched.some((f) => prefix.startsWith(`${f}/`)),
        dir,
      ).toBe(true);
    }
  });

  it("resolves the files the rendered files name: rule files, templates, the Slack URL file", () => {
    for (const component of ["web-a", "data-eu-b"]) {
      const dir = `prometheus/${component}`;
      const { rule_files } = parse(tree[`${dir}/prometheus.yml`] ?? "") as Prometheus;
      expect(rule_files.length).toBeGreaterThan(3);
      for (const file of rule_files) expect(Object.keys(tree), file).toContain(posix.join(dir, file));
    }
    const alertmanager = parse(tree["alertmanager/alertmanager.yml"] ?? "") as {
      templates: string[];
      receivers: { slack_configs?: { api_url_file: string }[] }[];
    };
    expect(alertmanager.templates).toEqual(["templates/*.tmpl"]);
    expect(Object.keys(tree)).toContain("alertmanager/templates/slack.tmpl");
    const files = alertmanager.receivers.flatMap((r) => (r.slack_configs ?? []).map((s) => s.api_url_file));
    expect(new Set(files)).toEqual(new Set([SLACK_WEBHOOK_FILE]));
    expect(SLACK_WEBHOOK_FILE).toBe("/etc/fleetwatch/secrets/slack_webhook_url");
  });

  describe("with the real tools", () => {
    const dir = tempDir("delivered");
    afterAll(() => dir.remove());

    it("promtool check config accepts a shipped prometheus.yml with its rule files", () => {
      writeTree(dir.path, tree);
      const result = runTool("promtool", ["check", "config", `${dir.path}/prometheus/web-a/prometheus.yml`]);
      expect(result.status, result.output).toBe(0);
      expect(result.output).toContain("SUCCESS");
    });

    it("amtool check-config accepts the shipped alertmanager.yml", () => {
      writeTree(dir.path, tree);
      const result = runTool("amtool", ["check-config", `${dir.path}/alertmanager/alertmanager.yml`]);
      expect(result.status, result.output).toBe(0);
    });
  });
});

describe("the config an app in an existing VPC ships", () => {
  it("names services in the namespace the network stack creates", async () => {
    const run = await runStage("dev", "existing-vpc.ts");
    const names = cloudMapNames(run);
    expect(names[0]).toMatch(/\.dev\.fleetwatch\.local$/);
    const { endpoints } = parse(uploadedTree(run)["thanos/query-endpoints.yml"] ?? "") as {
      endpoints: { address: string }[];
    };
    expect(endpoints.length).toBeGreaterThan(2);
    for (const e of endpoints) expect(names).toContain(hostPort(e.address)[0]);
  });
});
