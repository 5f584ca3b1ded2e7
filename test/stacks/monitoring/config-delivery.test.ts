import { defaultConfig } from "@fleetwatch/config";
import { configVersion, renderAll, stackTopology } from "@fleetwatch/monitoring";
import { describe, expect, it } from "vitest";
import { requireFiles, versionOf } from "../../../stacks/monitoring/config-delivery";
import { requiredFiles } from "../../../stacks/monitoring/index";

describe("config delivery", () => {
  const config = defaultConfig();
  const files = renderAll(config, stackTopology(config));

  it("versions the files by their paths and contents, in any order", () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(configVersion(reversed)).toBe(configVersion(files));
    expect(configVersion(files)).toMatch(/^[0-9a-f]{16}$/);
    expect(configVersion({ ...files, "rules/node.yml": "groups: [x]\n" })).not.toBe(configVersion(files));
    expect(configVersion({ "a/b": "c" })).not.toBe(configVersion({ a: "b\0c" }));
  });

  it("versions one service's directories apart from the rest", () => {
    const grafana = versionOf(files, ["grafana"]);
    expect(versionOf({ ...files, "rules/node.yml": "changed" }, ["grafana"])).toBe(grafana);
    expect(versionOf({ ...files, "grafana/dashboards/new.json": "{}" }, ["grafana"])).not.toBe(grafana);
    expect(versionOf({ ...files, "grafanax/x": "" }, ["grafana"])).toBe(grafana);
  });

  it("accepts the files the renderer gives every service", () => {
    expect(() => requireFiles(files, requiredFiles(config))).not.toThrow();
  });

  it.each([
    ["prometheus/default-b/prometheus.yml", "PrometheusDefaultB"],
    ["alertmanager/alertmanager.yml", "Alertmanager"],
    ["thanos/query-endpoints.yml", "ThanosQuery"],
    ["rules/global.yml", "every ThanosRuler replica"],
    ["thanos/objstore.yml", "every Thanos component"],
  ])("fails, naming the service, without %s", (path, service) => {
    const { [path]: _, ...rest } = files;
    expect(() => requireFiles(rest, requiredFiles(config))).toThrow(
      `the rendered monitoring files have no ${path}, which ${service} needs`,
    );
  });
});
