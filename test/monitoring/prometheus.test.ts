import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  ACCOUNT_CONFIGS,
  CONFIGS,
  config,
  render,
  runTool,
  TWO_UNITS_ACCOUNTS,
  tempDir,
  writeTree,
} from "./tools.js";

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  ec2_sd_configs?: {
    region: string;
    port: number;
    endpoint?: string;
    role_arn?: string;
    filters: { name: string; values: string[] }[];
  }[];
  static_configs?: { targets: string[]; labels: Record<string, string> }[];
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
  relabel_configs?: {
    source_labels?: string[];
    target_label?: string;
    regex?: string;
    action?: string;
    replacement?: string;
  }[];
}
interface PrometheusYml {
  global: { scrape_interval: string; external_labels: Record<string, string> };
  rule_files: string[];
  alerting: {
    alertmanagers: {
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: ScrapeConfig["dns_sd_configs"];
    }[];
  };
  scrape_configs: ScrapeConfig[];
}

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const remove of dirs) remove();
});

function prometheusFiles(tree: Record<string, string>) {
  return Object.keys(tree).filter(
    (path) => path.endsWith("/prometheus.yml") && path.startsWith("prometheus/"),
  );
}

describe("renderPrometheusConfig", () => {
  it.each(Object.entries(CONFIGS))("writes configs promtool check config accepts: %s", (_, settings) => {
    const tree = render(config(settings));
    const dir = tempDir("prometheus");
    dirs.push(dir.remove);
    writeTree(dir.path, tree);
    const files = prometheusFiles(tree);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = runTool("promtool", ["check", "config", join(dir.path, file)]);
      expect(result.status, `promtool check config ${file}:\n${result.output}`).toBe(0);
      expect(result.stdout).toMatch(/rule files found/);
    }
  });

  it.each(Object.entries(ACCOUNT_CONFIGS))(
    "writes configs across accounts promtool check config accepts: %s",
    (_, { settings, options }) => {
      const tree = render(config(settings, "production"), options);
      const dir = tempDir("prometheus-accounts");
      dirs.push(dir.remove);
      writeTree(dir.path, tree);
      const files = prometheusFiles(tree);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const result = runTool("promtool", ["check", "config", join(dir.path, file)]);
        expect(result.status, `promtool check config ${file}:\n${result.output}`).toBe(0);
      }
      // promtool checked role_arn blocks, not only the home account's.
      expect(files.filter((file) => tree[file]?.includes("role_arn: arn:aws:iam::")).length).toBeGreaterThan(
        1,
      );
    },
  );

  it("would catch a discovery block promtool rejects", () => {
    const tree = render(config(ACCOUNT_CONFIGS["named member accounts"]?.settings));
    const dir = tempDir("prometheus-broken");
    dirs.push(dir.remove);
    const file = "prometheus/default-a/prometheus.yml";
    writeTree(dir.path, { [file]: (tree[file] ?? "").replace("role_arn:", "role_arm:") });
    expect(runTool("promtool", ["check", "config", join(dir.path, file)]).status).toBe(1);
  });

  it("discovers each member account through its member role, the home account with the task role", () => {
    const tree = render(config(ACCOUNT_CONFIGS["named member accounts"]?.settings));
    const node = (dir: string) =>
      (parse(tree[`prometheus/${dir}/prometheus.yml`] ?? "") as PrometheusYml).scrape_configs[0];
    const blocks = (dir: string) =>
      node(dir)?.ec2_sd_configs?.map((sd) => [sd.role_arn ?? "task role", sd.region]);
    expect(blocks("home-a")).toEqual([
      ["task role", "us-east-1"],
      ["task role", "eu-west-1"],
    ]);
    expect(blocks("payments-b")).toEqual([
      ["arn:aws:iam::111111111111:role/fleetwatch-member", "us-east-1"],
      ["arn:aws:iam::111111111111:role/fleetwatch-member", "eu-west-1"],
    ]);
    expect(blocks("default-a")).toEqual([
      ["task role", "us-east-1"],
      ["task role", "eu-west-1"],
      ["arn:aws:iam::111111111111:role/fleetwatch-member", "us-east-1"],
      ["arn:aws:iam::111111111111:role/fleetwatch-member", "eu-west-1"],
      // The unnamed member is onboarded in eu-west-1 only.
      ["arn:aws:iam::222222222222:role/fleetwatch-member", "eu-west-1"],
    ]);
    // The same filters in every account: the group's tags, as onboarding sets them there.
    expect(new Set(node("default-a")?.ec2_sd_configs?.map((sd) => JSON.stringify(sd.filters))).size).toBe(1);
  });

  it("labels every target with its account id, and a named member's with its name", () => {
    const tree = render(config(ACCOUNT_CONFIGS["named member accounts"]?.settings));
    const relabels = (dir: string) =>
      (parse(tree[`prometheus/${dir}/prometheus.yml`] ?? "") as PrometheusYml).scrape_configs[0]
        ?.relabel_configs ?? [];
    const home = relabels("home-a");
    expect(home).toContainEqual({ source_labels: ["__meta_ec2_owner_id"], target_label: "account_id" });
    expect(home.some((r) => r.target_label === "account")).toBe(false);
    expect(relabels("default-a").filter((r) => r.target_label === "account")).toEqual([
      {
        source_labels: ["__meta_ec2_owner_id"],
        regex: "111111111111",
        target_label: "account",
        replacement: "payments-prod",
      },
    ]);
  });

  it("discovers in the Organization units' accounts the stack passes, a selected account alone in its group", () => {
    const resolved = config(ACCOUNT_CONFIGS["two Organization units"]?.settings);
    const tree = render(resolved, { memberAccounts: TWO_UNITS_ACCOUNTS });
    const node = (dir: string) =>
      (parse(tree[`prometheus/${dir}/prometheus.yml`] ?? "") as PrometheusYml).scrape_configs[0];
    expect(node("payments-a")?.ec2_sd_configs?.map((sd) => [sd.role_arn, sd.region])).toEqual([
      ["arn:aws:iam::210987654321:role/fleetwatch-member", "us-east-1"],
      ["arn:aws:iam::210987654321:role/fleetwatch-member", "eu-west-1"],
    ]);
    expect(node("members-a")?.ec2_sd_configs?.map((sd) => sd.role_arn ?? "task role")).toEqual([
      "task role",
      "task role",
      ...["210987654321", "210987654322", "310987654321"].flatMap((id) => [
        `arn:aws:iam::${id}:role/fleetwatch-member`,
        `arn:aws:iam::${id}:role/fleetwatch-member`,
      ]),
    ]);
    // Before the stack knows the units' accounts (or with none yet), only the home account is discovered.
    const bare = parse(render(resolved)["prometheus/members-a/prometheus.yml"] ?? "") as PrometheusYml;
    expect(bare.scrape_configs[0]?.ec2_sd_configs?.map((sd) => sd.role_arn)).toEqual([undefined, undefined]);
  });

  it("escapes a $ in an Organization's account name (a relabel replacement expands $1)", () => {
    const resolved = config(ACCOUNT_CONFIGS["two Organization units"]?.settings);
    const tree = render(resolved, { memberAccounts: [{ id: "210987654321", name: "cost$1center" }] });
    const yml = parse(tree["prometheus/payments-a/prometheus.yml"] ?? "") as PrometheusYml;
    expect(
      yml.scrape_configs[0]?.relabel_configs?.find((r) => r.target_label === "account")?.replacement,
    ).toBe("cost$$1center");
  });

  it("renders one file per group and replica, identical but for prometheus_replica", () => {
    const tree = render(config(CONFIGS["two groups, two regions, Slack"]));
    expect(prometheusFiles(tree).sort()).toEqual([
      "prometheus/default-a/prometheus.yml",
      "prometheus/default-b/prometheus.yml",
      "prometheus/edge-eu-a/prometheus.yml",
      "prometheus/edge-eu-b/prometheus.yml",
    ]);
    const a = parse(tree["prometheus/edge-eu-a/prometheus.yml"] ?? "") as PrometheusYml;
    const b = parse(tree["prometheus/edge-eu-b/prometheus.yml"] ?? "") as PrometheusYml;
    expect(a.global.external_labels).toEqual({ fleetwatch_group: "edge-eu", prometheus_replica: "a" });
    expect(b.global.external_labels).toEqual({ fleetwatch_group: "edge-eu", prometheus_replica: "b" });
    b.global.external_labels.prometheus_replica = "a";
    expect(b).toEqual(a);
  });

  it("discovers a group's instances per region with server-side filters on the prefixed tags", () => {
    const tree = render(config(CONFIGS["two groups, two regions, Slack"]));
    const all = parse(tree["prometheus/default-a/prometheus.yml"] ?? "") as PrometheusYml;
    const edge = parse(tree["prometheus/edge-eu-a/prometheus.yml"] ?? "") as PrometheusYml;
    const node = (yml: PrometheusYml) => yml.scrape_configs.find((s) => s.job_name === "node");
    expect(node(all)?.ec2_sd_configs?.map((sd) => sd.region)).toEqual(["eu-west-1", "us-east-1"]);
    expect(node(edge)?.ec2_sd_configs?.map((sd) => sd.region)).toEqual(["eu-west-1"]);
    expect(node(edge)?.scrape_interval).toBe("15s");
    expect(node(edge)?.ec2_sd_configs?.[0]).toEqual({
      region: "eu-west-1",
      port: 9200,
      refresh_interval: "60s",
      filters: [
        { name: "tag:acme/scrape", values: ["true"] },
        { name: "tag:acme/group", values: ["edge-eu"] },
        { name: "instance-state-name", values: ["running"] },
      ],
    });
    const keeps = node(edge)?.relabel_configs?.filter((r) => r.action === "keep");
    expect(keeps?.map((k) => [k.source_labels?.[0], k.regex])).toEqual([
      ["__meta_ec2_tag_acme_scrape", "true"],
      ["__meta_ec2_tag_acme_group", "edge-eu"],
      ["__meta_ec2_instance_state", "running"],
    ]);
  });

  it("points ec2_sd_configs at an endpoint override", () => {
    const tree = render(config(), { ec2Endpoint: "http://127.0.0.1:4566" });
    const yml = parse(tree["prometheus/default-a/prometheus.yml"] ?? "") as PrometheusYml;
    expect(yml.scrape_configs[0]?.ec2_sd_configs?.[0]?.endpoint).toBe("http://127.0.0.1:4566");
  });

  it("splits a sharded group by hashmod of the instance id, each shard watching its own pair", () => {
    const tree = render(config({ scrapeGroups: [{ name: "web", shards: 3 }] }));
    expect(prometheusFiles(tree).sort()).toEqual(
      ["s0-a", "s0-b", "s1-a", "s1-b", "s2-a", "s2-b"].map((d) => `prometheus/web-${d}/prometheus.yml`),
    );
    const shard = (dir: string) => parse(tree[`prometheus/web-${dir}/prometheus.yml`] ?? "") as PrometheusYml;
    const s1b = shard("s1-b");
    expect(s1b.global.external_labels).toEqual({
      fleetwatch_group: "web",
      fleetwatch_shard: "1",
      prometheus_replica: "b",
    });
    expect(s1b.scrape_configs[0]?.relabel_configs?.slice(-2)).toEqual([
      {
        action: "hashmod",
        source_labels: ["__meta_ec2_instance_id"],
        modulus: 3,
        target_label: "__tmp_fleetwatch_shard",
      },
      { action: "keep", source_labels: ["__tmp_fleetwatch_shard"], regex: "1" },
    ]);
    expect(s1b.scrape_configs[1]?.static_configs?.map((c) => c.labels.service)).toEqual([
      "PrometheusWebS1A",
      "PrometheusWebS1B",
    ]);
    // Only the first shard scrapes the shared services: two shards would store them twice.
    const jobs = (yml: PrometheusYml) => yml.scrape_configs.map((s) => s.job_name);
    expect(jobs(shard("s0-b"))).toContain("thanos-query");
    expect(jobs(s1b)).toEqual(["node", "prometheus", "thanos-sidecar"]);
    expect(s1b.rule_files.length).toBeLessThan(shard("s0-a").rule_files.length);
    // An unsharded group keeps every target without a hash.
    const single = parse(render(config())["prometheus/default-a/prometheus.yml"] ?? "") as PrometheusYml;
    expect(single.scrape_configs[0]?.relabel_configs?.some((r) => r.action === "hashmod")).toBe(false);
  });

  it("scrapes its own pair through Cloud Map names, and only the first group scrapes the shared services", () => {
    const tree = render(config(CONFIGS["two groups, two regions, Slack"]));
    const first = parse(tree["prometheus/default-a/prometheus.yml"] ?? "") as PrometheusYml;
    const second = parse(tree["prometheus/edge-eu-b/prometheus.yml"] ?? "") as PrometheusYml;
    const jobs = (yml: PrometheusYml) => yml.scrape_configs.map((s) => s.job_name);
    expect(jobs(second)).toEqual(["node", "prometheus", "thanos-sidecar"]);
    expect(jobs(first)).toEqual([
      "node",
      "prometheus",
      "thanos-sidecar",
      "thanos-query",
      "thanos-query-frontend",
      "thanos-store",
      "thanos-compact",
      "thanos-bucket-web",
      "alertmanager",
      "grafana",
      "thanos-rule",
    ]);
    expect(second.scrape_configs[1]?.static_configs).toEqual([
      { targets: ["PrometheusEdgeEuA.dev.fleetwatch.sst:9090"], labels: { service: "PrometheusEdgeEuA" } },
      { targets: ["PrometheusEdgeEuB.dev.fleetwatch.sst:9090"], labels: { service: "PrometheusEdgeEuB" } },
    ]);
    expect(first.scrape_configs.find((s) => s.job_name === "thanos-rule")?.static_configs).toEqual([
      { targets: ["ThanosRulerA.dev.fleetwatch.sst:10902"], labels: { service: "ThanosRulerA" } },
      { targets: ["ThanosRulerB.dev.fleetwatch.sst:10902"], labels: { service: "ThanosRulerB" } },
    ]);
    expect(first.scrape_configs.find((s) => s.job_name === "thanos-compact")?.dns_sd_configs).toEqual([
      { names: ["ThanosCompactor.dev.fleetwatch.sst"], type: "A", port: 10902, refresh_interval: "30s" },
    ]);
    // Every Alertmanager replica (one A record per task), not one HTTP host behind the name.
    expect(first.alerting.alertmanagers).toEqual([
      {
        api_version: "v2",
        dns_sd_configs: [
          { names: ["Alertmanager.dev.fleetwatch.sst"], type: "A", port: 9093, refresh_interval: "30s" },
        ],
      },
    ]);
    expect(first.rule_files).toContain("../../rules/thanos.yml");
    expect(second.rule_files).not.toContain("../../rules/thanos.yml");
    expect(second.rule_files).not.toContain("../../rules/global.yml");
  });
});
