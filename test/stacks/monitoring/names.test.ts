import { defaultConfig, resolveConfig } from "@fleetwatch/config";
import { describe, expect, it } from "vitest";
import { configVersion, requireFiles, versionOf } from "../../../stacks/monitoring/config-delivery";
import { requiredFiles } from "../../../stacks/monitoring/index";
import {
  cloudMapNamespace,
  dnsName,
  pascalCase,
  prometheusReplicaLabel,
  prometheusReplicas,
  replicaLetter,
} from "../../../stacks/monitoring/names";
import { placeholderRender } from "../../../stacks/monitoring/placeholder-render";

describe("names", () => {
  it.each([
    ["default", "Default"],
    ["data-eu", "DataEu"],
    ["a1-b2-c3", "A1B2C3"],
  ])("pascalCase(%s) is %s", (name, expected) => {
    expect(pascalCase(name)).toBe(expected);
  });

  it.each([
    [0, "a"],
    [1, "b"],
    [3, "d"],
  ])("replica %i is lettered %s", (index, letter) => {
    expect(replicaLetter(index)).toBe(letter);
  });

  it("rejects replica indexes without a letter", () => {
    expect(() => replicaLetter(26)).toThrow(RangeError);
    expect(() => replicaLetter(-1)).toThrow("no replica letter for -1");
  });

  it("names every replica's component and prometheus_replica label from one place", () => {
    const config = resolveConfig(
      { scrapeGroups: [{ name: "web" }, { name: "data-eu", replicas: 1 }] },
      "dev",
    );
    expect(prometheusReplicas(config)).toEqual([
      { group: "web", index: 0, component: "PrometheusWebA", replica: "web-a" },
      { group: "web", index: 1, component: "PrometheusWebB", replica: "web-b" },
      { group: "data-eu", index: 0, component: "PrometheusDataEuA", replica: "data-eu-a" },
    ]);
    expect(prometheusReplicaLabel("web", 1)).toBe("web-b");
  });

  it("builds Cloud Map names the way SST registers them, in the network's namespace", () => {
    expect(dnsName({ app: "fleetwatch", stage: "dev", namespace: "sst" }, "ThanosQuery")).toBe(
      "ThanosQuery.dev.fleetwatch.sst",
    );
    expect(cloudMapNamespace(defaultConfig(), "dev", "fleetwatch")).toBe("sst");
    const existing = resolveConfig(
      {
        network: {
          existing: {
            id: "vpc-0123456789abcdef0",
            privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
            routeTableIds: ["rtb-0cccccccccccccccc"],
          },
        },
      },
      "prod",
    );
    expect(cloudMapNamespace(existing, "prod", "fleetwatch")).toBe("prod.fleetwatch.local");
  });
});

describe("config delivery", () => {
  const config = defaultConfig();
  const files = placeholderRender(config)({ app: "fleetwatch", stage: "dev", namespace: "sst" });

  it("versions the files by their paths and contents, in any order", () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(configVersion(reversed)).toBe(configVersion(files));
    expect(configVersion(files)).toMatch(/^[0-9a-f]{16}$/);
    expect(configVersion({ ...files, "rules/fleetwatch.yml": "groups: [x]\n" })).not.toBe(
      configVersion(files),
    );
    expect(configVersion({ "a/b": "c" })).not.toBe(configVersion({ a: "b\0c" }));
  });

  it("versions one service's directories apart from the rest", () => {
    const grafana = versionOf(files, ["grafana"]);
    expect(versionOf({ ...files, "rules/fleetwatch.yml": "changed" }, ["grafana"])).toBe(grafana);
    expect(versionOf({ ...files, "grafana/dashboards/new.json": "{}" }, ["grafana"])).not.toBe(grafana);
    expect(versionOf({ ...files, "grafanax/x": "" }, ["grafana"])).toBe(grafana);
  });

  it("accepts the files every service needs", () => {
    expect(() => requireFiles(files, requiredFiles(config))).not.toThrow();
  });

  it.each([
    ["prometheus/default-b/prometheus.yml", "PrometheusDefaultB"],
    ["alertmanager/alertmanager.yml", "Alertmanager"],
  ])("fails, naming the service, without %s", (path, service) => {
    const { [path]: _, ...rest } = files;
    expect(() => requireFiles(rest, requiredFiles(config))).toThrow(
      `the rendered monitoring files have no ${path}, which ${service} needs`,
    );
  });
});
