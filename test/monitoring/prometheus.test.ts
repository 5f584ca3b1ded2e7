import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIGS, config, render, runTool, tempDir, writeTree } from "./tools.js";

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  ec2_sd_configs?: {
    region: string;
    port: number;
    endpoint?: string;
    filters: { name: string; values: string[] }[];
  }[];
  static_configs?: { targets: string[]; labels: Record<string, string> }[];
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
  relabel_configs?: { source_labels?: string[]; target_label?: string; regex?: string; action?: string }[];
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
