import { describe, expect, it } from "vitest";
import { prometheusExternalLabels } from "../../packages/monitoring/src/jobs.js";
import { rulerExternalLabels } from "../../packages/monitoring/src/thanos.js";
import {
  dnsName,
  groupReplicas,
  pascalCase,
  replicaLabel,
  rulerReplicas,
  SHARED_COMPONENTS,
  stackTopology,
} from "../../packages/monitoring/src/topology.js";
import { CONFIGS, config } from "./tools.js";

describe("topology", () => {
  it.each([
    ["default", "Default"],
    ["edge-eu", "EdgeEu"],
    ["team-2-batch", "Team2Batch"],
    ["a", "A"],
  ])("PascalCases group %s as %s", (name, expected) => {
    expect(pascalCase(name)).toBe(expected);
  });

  it("names replicas a, b, c, d and their services Prometheus<Group><Replica>", () => {
    expect([0, 1, 2, 3].map(replicaLabel)).toEqual(["a", "b", "c", "d"]);
    expect(groupReplicas({ name: "edge-eu", replicas: 2, shards: 1 })).toEqual([
      {
        group: "edge-eu",
        shard: 0,
        shards: 1,
        index: 0,
        replica: "a",
        component: "PrometheusEdgeEuA",
        dir: "prometheus/edge-eu-a",
      },
      {
        group: "edge-eu",
        shard: 0,
        shards: 1,
        index: 1,
        replica: "b",
        component: "PrometheusEdgeEuB",
        dir: "prometheus/edge-eu-b",
      },
    ]);
  });

  it("names the replicas of a sharded group shard by shard, Prometheus<Group>S<shard><Replica>", () => {
    const replicas = groupReplicas({ name: "web", replicas: 2, shards: 3 });
    expect(replicas.map((r) => [r.component, r.dir, r.shard, r.replica])).toEqual([
      ["PrometheusWebS0A", "prometheus/web-s0-a", 0, "a"],
      ["PrometheusWebS0B", "prometheus/web-s0-b", 0, "b"],
      ["PrometheusWebS1A", "prometheus/web-s1-a", 1, "a"],
      ["PrometheusWebS1B", "prometheus/web-s1-b", 1, "b"],
      ["PrometheusWebS2A", "prometheus/web-s2-a", 2, "a"],
      ["PrometheusWebS2B", "prometheus/web-s2-b", 2, "b"],
    ]);
    expect(replicas.map(prometheusExternalLabels)[3]).toEqual({
      fleetwatch_group: "web",
      fleetwatch_shard: "1",
      prometheus_replica: "b",
    });
    const [single] = groupReplicas({ name: "web", replicas: 1, shards: 1 });
    expect(single && prometheusExternalLabels(single)).toEqual({
      fleetwatch_group: "web",
      prometheus_replica: "a",
    });
  });

  it("names the Ruler's replicas ThanosRuler<Replica>, two by default, each with its own rule_replica", () => {
    expect(rulerReplicas(config())).toEqual([
      { index: 0, replica: "a", component: "ThanosRulerA" },
      { index: 1, replica: "b", component: "ThanosRulerB" },
    ]);
    expect(rulerReplicas(config({ ruler: { replicas: 1 } })).map((r) => r.component)).toEqual([
      "ThanosRulerA",
    ]);
    expect(rulerReplicas(config({ ruler: { replicas: 5 } })).map(rulerExternalLabels)).toEqual(
      ["a", "b", "c", "d", "e"].map((r) => ({ fleetwatch_ruler: "global", rule_replica: r })),
    );
  });

  it("gives every service an alphanumeric component name, as SST requires", () => {
    const names = [
      ...SHARED_COMPONENTS,
      ...rulerReplicas(config({ ruler: { replicas: 5 } })).map((r) => r.component),
      ...groupReplicas({ name: "team-2-batch", replicas: 4, shards: 16 }).map((r) => r.component),
    ];
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
  });

  it("builds Cloud Map names the way sst.aws.Service registers them: <component>.<stage>.<app>.<namespace>", () => {
    expect(dnsName({ app: "fleetwatch", stage: "production", namespace: "sst" }, "ThanosQuery")).toBe(
      "ThanosQuery.production.fleetwatch.sst",
    );
  });

  it("uses SST's namespace `sst`, or the one the network stack creates for an existing VPC", () => {
    expect(stackTopology(config({}, "staging"))).toEqual({
      app: "fleetwatch",
      stage: "staging",
      namespace: "sst",
    });
    expect(stackTopology(config(CONFIGS["single replica, existing VPC"], "staging"))).toEqual({
      app: "fleetwatch",
      stage: "staging",
      namespace: "staging.fleetwatch.local",
    });
  });
});
