import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { GRAFANA_PROVISIONING_DIRS } from "../../packages/monitoring/src/grafana/provisioning.js";
import { DASHBOARD_UIDS, DATASOURCE_UIDS } from "../../packages/monitoring/src/grafana/uids.js";
import { FILES } from "../../packages/monitoring/src/paths.js";
import { config, render, runTool, tempDir } from "./tools.js";

interface Target {
  refId: string;
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; query: { query: string }; datasource: { uid: string } }[] };
}

const tree = render(config());
const dashboards = Object.entries(tree)
  .filter(([path]) => path.startsWith("grafana/dashboards/"))
  .map(([path, contents]) => [path, JSON.parse(contents) as Dashboard] as const);
const dir = tempDir("dashboards");
afterAll(() => dir.remove());

/** Grafana variables replaced by values PromQL accepts, as Grafana would interpolate them. */
function interpolate(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "2m")
    .replaceAll("$__interval", "1m")
    .replaceAll("$instance", "web-1")
    .replaceAll("$group", "default");
}

/** `label_values(<selector>, label)` -> `<selector>`: the PromQL part of a variable query. */
function variableSelector(query: string): string {
  const match = /^label_values\((.*),\s*[a-zA-Z_]\w*\)$/.exec(query);
  if (!match?.[1]) throw new Error(`not a label_values() query: ${query}`);
  return match[1];
}

describe("Grafana dashboards", () => {
  it("are the three fleetwatch dashboards, each with its stable uid", () => {
    expect(Object.fromEntries(dashboards.map(([path, d]) => [path, d.uid]))).toEqual({
      "grafana/dashboards/fleet-overview.json": DASHBOARD_UIDS.fleetOverview,
      "grafana/dashboards/node-detail.json": DASHBOARD_UIDS.nodeDetail,
      "grafana/dashboards/thanos-health.json": DASHBOARD_UIDS.thanosHealth,
    });
  });

  it.each(dashboards)(
    "%s is a Grafana dashboard whose every panel queries the Thanos datasource",
    (_, dashboard) => {
      expect(dashboard.title).toMatch(/^fleetwatch \/ /);
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
      expect(dashboard.panels.length).toBeGreaterThan(3);
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of dashboard.panels) {
        expect(["timeseries", "stat", "table"]).toContain(panel.type);
        expect(panel.title).not.toBe("");
        expect(panel.datasource).toEqual({ type: "prometheus", uid: DATASOURCE_UIDS.thanos });
        expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
        expect(panel.targets.length, panel.title).toBeGreaterThan(0);
        for (const target of panel.targets) {
          expect(target.expr).not.toBe("");
          expect(target.datasource.uid).toBe(DATASOURCE_UIDS.thanos);
        }
      }
    },
  );

  it("has an instance variable on Node detail, used by its panels", () => {
    const node = dashboards.find(([, d]) => d.uid === DASHBOARD_UIDS.nodeDetail)?.[1];
    expect(node?.templating.list.map((v) => v.name)).toEqual(["group", "instance"]);
    for (const panel of node?.panels ?? []) {
      for (const target of panel.targets) expect(target.expr, panel.title).toContain('instance="$instance"');
    }
  });

  it("shows the series of every shard and its memory as a share of the Prometheus task's memory", () => {
    const fleet = dashboards.find(([, d]) => d.uid === DASHBOARD_UIDS.fleetOverview)?.[1];
    const exprOf = (title: string) =>
      fleet?.panels.find((p) => p.title === title)?.targets.map((t) => t.expr);
    expect(exprOf("Series per shard")).toEqual([
      'max by (service) (prometheus_tsdb_head_series{job="prometheus"})',
    ]);
    expect(exprOf("Memory per shard (share of task memory)")).toEqual([
      `max by (service) (process_resident_memory_bytes{job="prometheus"}) / ${4 * 1024 ** 3}`,
    ]);
  });

  it("has only PromQL that promtool parses, variables interpolated", () => {
    const exprs = dashboards.flatMap(([path, d]) => [
      ...d.panels.flatMap((p) =>
        p.targets.map((t) => ({ where: `${path} ${p.title} ${t.refId}`, expr: t.expr })),
      ),
      ...d.templating.list.map((v) => ({
        where: `${path} $${v.name}`,
        expr: variableSelector(v.query.query),
      })),
    ]);
    expect(exprs.length).toBeGreaterThan(40);
    const file = join(dir.path, "dashboard-exprs.yml");
    const rules = exprs.map((e, i) => ({ record: `dashboard:expr_${i}`, expr: interpolate(e.expr) }));
    writeFileSync(file, stringify({ groups: [{ name: "dashboards", rules }] }));
    const result = runTool("promtool", ["check", "rules", file]);
    const located = result.output.replace(/dashboard:expr_(\d+)/g, (_, i) => exprs[Number(i)]?.where ?? "?");
    expect(result.status, located).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
  });

  it("would catch an expression promtool rejects", () => {
    const file = join(dir.path, "bad.yml");
    writeFileSync(
      file,
      stringify({ groups: [{ name: "bad", rules: [{ record: "x", expr: "rate(up[5m]" }] }] }),
    );
    expect(runTool("promtool", ["check", "rules", file]).status).toBe(1);
  });
});

describe("Grafana provisioning", () => {
  it("ships every provisioning directory Grafana 12 reads, each with a YAML file it accepts", () => {
    const dirs = Object.keys(tree)
      .filter((path) => path.startsWith(`${FILES.grafanaProvisioning}/`))
      .map((path) => path.slice(FILES.grafanaProvisioning.length + 1).split("/")[0]);
    expect([...new Set(dirs)].sort()).toEqual(["alerting", "dashboards", "datasources", "plugins"]);
    expect([...GRAFANA_PROVISIONING_DIRS].sort()).toEqual([...new Set(dirs)].sort());
    for (const path of Object.keys(tree).filter((p) => p.startsWith(`${FILES.grafanaProvisioning}/`))) {
      // Grafana's alerting reader fails on any other suffix; every reader wants apiVersion 1.
      expect(path).toMatch(/\.(ya?ml|json)$/);
      expect((parse(tree[path] ?? "") as { apiVersion?: unknown }).apiVersion, path).toBe(1);
    }
    expect(parse(tree["grafana/provisioning/plugins/fleetwatch.yml"] ?? "")).toEqual({
      apiVersion: 1,
      apps: [],
    });
    expect(parse(tree["grafana/provisioning/alerting/fleetwatch.yml"] ?? "")).toEqual({ apiVersion: 1 });
  });

  it("makes the Thanos Query Frontend the default datasource, next to Alertmanager, by Cloud Map name", () => {
    const datasources = tree["grafana/provisioning/datasources/fleetwatch.yml"] ?? "";
    expect(datasources).toContain("url: http://ThanosQueryFrontend.dev.fleetwatch.sst:10902");
    expect(datasources).toContain("url: http://Alertmanager.dev.fleetwatch.sst:9093");
    expect(datasources).toMatch(/uid: fleetwatch-thanos\n[\s\S]*isDefault: true/);
    expect(tree["grafana/provisioning/dashboards/fleetwatch.yml"]).toContain(
      "path: /etc/fleetwatch/grafana/dashboards",
    );
  });
});
