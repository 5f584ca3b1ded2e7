import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import fleetwatchConfig from "../../fleetwatch.config";
import { renderAll } from "../../packages/monitoring/src/render-all.js";
import { stackTopology } from "../../packages/monitoring/src/topology.js";
import { STACK_RENDER_OPTIONS } from "../../stacks/monitoring/names.js";
import { CONFIGS, config, render, runTool, tempDir } from "./tools.js";

const root = resolve(import.meta.dirname, "../..");
const dirs: (() => void)[] = [];
afterAll(() => {
  for (const remove of dirs) remove();
});

describe("renderAll", () => {
  it("renders exactly the tree the stack ships", () => {
    expect(Object.keys(render(config(CONFIGS["two groups, two regions, Slack"]))).sort()).toEqual([
      "alertmanager/alertmanager.yml",
      "alertmanager/templates/slack.tmpl",
      "grafana/dashboards/fleet-overview.json",
      "grafana/dashboards/node-detail.json",
      "grafana/dashboards/thanos-health.json",
      "grafana/provisioning/alerting/fleetwatch.yml",
      "grafana/provisioning/dashboards/fleetwatch.yml",
      "grafana/provisioning/datasources/fleetwatch.yml",
      "grafana/provisioning/plugins/fleetwatch.yml",
      "prometheus/default-a/prometheus.yml",
      "prometheus/default-b/prometheus.yml",
      "prometheus/edge-eu-a/prometheus.yml",
      "prometheus/edge-eu-b/prometheus.yml",
      "rules/fleet.yml",
      "rules/global.yml",
      "rules/node.yml",
      "rules/prometheus.yml",
      "rules/thanos-bucket.yml",
      "rules/thanos.yml",
      "thanos/objstore.yml",
      "thanos/query-endpoints.yml",
      "thanos/ruler-alertmanagers.yml",
      "thanos/ruler-query.yml",
    ]);
  });

  it("is pure: the same input renders the same bytes", () => {
    const resolved = config(CONFIGS["two groups, two regions, Slack"]);
    expect(renderAll(resolved, stackTopology(resolved))).toEqual(
      renderAll(resolved, stackTopology(resolved)),
    );
  });

  it("gives Thanos an S3 bucket config without keys (the task role) and the bucket from the environment", () => {
    const tree = render(config({ homeRegion: "eu-central-1" }));
    expect(parse(tree["thanos/objstore.yml"] ?? "")).toEqual({
      type: "S3",
      config: {
        bucket: "$(THANOS_BUCKET)",
        endpoint: "s3.eu-central-1.amazonaws.com",
        region: "eu-central-1",
        insecure: false,
        sse_config: { type: "SSE-S3" },
      },
    });
    expect(tree["thanos/objstore.yml"]).not.toMatch(/access_key|secret_key/);
  });

  it("lets Thanos Query find every sidecar, the Store Gateway and every Ruler by Cloud Map name over gRPC", () => {
    const tree = render(config(CONFIGS["two groups, two regions, Slack"], "production"));
    expect(parse(tree["thanos/query-endpoints.yml"] ?? "")).toEqual({
      endpoints: [
        "PrometheusDefaultA",
        "PrometheusDefaultB",
        "PrometheusEdgeEuA",
        "PrometheusEdgeEuB",
        "ThanosStore",
        "ThanosRulerA",
        "ThanosRulerB",
      ].map((component) => ({ address: `dns+${component}.production.fleetwatch.sst:10901` })),
    });
    expect(parse(tree["thanos/ruler-alertmanagers.yml"] ?? "")).toEqual({
      alertmanagers: [
        {
          static_configs: ["dns+Alertmanager.production.fleetwatch.sst:9093"],
          scheme: "http",
          timeout: "10s",
          api_version: "v2",
        },
      ],
    });
    expect(parse(tree["thanos/ruler-query.yml"] ?? "")).toEqual([
      { static_configs: ["dns+ThanosQuery.production.fleetwatch.sst:10902"], scheme: "http" },
    ]);
  });
});

describe("npm run render", () => {
  it("writes the tree renderAll returns for the stage, with the stack's topology", () => {
    const out = tempDir("render");
    dirs.push(out.remove);
    const result = runTool(
      join(root, "node_modules/.bin/tsx"),
      ["scripts/render.ts", "--stage", "production", "--out", out.path],
      {
        cwd: root,
        timeoutMs: 60_000,
      },
    );
    expect(result.status, result.output).toBe(0);
    const resolved = config(fleetwatchConfig, "production");
    const expected = renderAll(resolved, stackTopology(resolved), STACK_RENDER_OPTIONS);
    expect(result.stdout).toContain(`rendered ${Object.keys(expected).length} files for stage production`);
    for (const [path, contents] of Object.entries(expected)) {
      expect(readFileSync(join(out.path, path), "utf8"), path).toBe(contents);
    }
  });

  it("fails with the key named for a config it cannot render", () => {
    const out = tempDir("render-bad");
    dirs.push(out.remove);
    const result = runTool(
      join(root, "node_modules/.bin/tsx"),
      [
        "scripts/render.ts",
        "--config",
        "test/fixtures/configs/unrenderable-monitoring.ts",
        "--out",
        out.path,
      ],
      { cwd: root, timeoutMs: 60_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('scrapeGroups[0].selector.tags["fleetwatch:scrape"]');
  });
});
