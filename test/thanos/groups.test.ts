import { metaOf } from "@fleetwatch/devkit/blocks";
import {
  compactionGroupKey,
  compactorLabels,
  DEFAULT_REPLICA_LABELS,
  labelsKey,
  leavesNoLabels,
  withoutReplicaLabels,
} from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";

describe("groups", () => {
  it("renders labels sorted and quoted", () => {
    expect(labelsKey({ b: "2", a: 'x"y' })).toBe('{a="x\\"y",b="2"}');
  });

  it("removes replica labels", () => {
    expect(withoutReplicaLabels({ g: "a", prometheus_replica: "0" }, ["prometheus_replica"])).toEqual({
      g: "a",
    });
  });

  it.each([
    [[], '0@{g="a",prometheus_replica="0"}'],
    [["prometheus_replica"], '0@{g="a"}'],
  ])("keys the compaction group with replica labels %j", (replicaLabels, expected) => {
    const meta = metaOf({
      ulid: "01JZ8Q5ABCDEFGHJKMNPQRSTVW",
      minTime: 0,
      maxTime: 1,
      labels: { g: "a", prometheus_replica: "0" },
    });
    expect(compactionGroupKey(meta, replicaLabels)).toBe(expected);
  });

  // Thanos's ReplicaLabelRemover: remove every replica label; none left -> <first replica label>="deduped".
  const R = DEFAULT_REPLICA_LABELS;
  it.each<{
    name: string;
    labels: Record<string, string>;
    replicas: readonly string[];
    seen: object;
    injected: boolean;
  }>([
    {
      name: "a Prometheus replica",
      labels: { fleetwatch_group: "web", prometheus_replica: "a" },
      replicas: R,
      seen: { fleetwatch_group: "web" },
      injected: false,
    },
    {
      name: "the old Ruler (rule_replica only)",
      labels: { rule_replica: "a" },
      replicas: R,
      seen: { prometheus_replica: "deduped" },
      injected: true,
    },
    {
      name: "a Ruler replica with its stream label",
      labels: { fleetwatch_ruler: "global", rule_replica: "b" },
      replicas: R,
      seen: { fleetwatch_ruler: "global" },
      injected: false,
    },
    {
      name: "the first replica label given first",
      labels: { rule_replica: "a" },
      replicas: ["rule_replica", "prometheus_replica"],
      seen: { rule_replica: "deduped" },
      injected: true,
    },
    {
      name: "a block compacted from deduped ones",
      labels: { prometheus_replica: "deduped" },
      replicas: R,
      seen: { prometheus_replica: "deduped" },
      injected: true,
    },
    {
      name: "no deduplication",
      labels: { rule_replica: "a" },
      replicas: [],
      seen: { rule_replica: "a" },
      injected: false,
    },
    {
      name: "a block without labels",
      labels: {},
      replicas: R,
      seen: { prometheus_replica: "deduped" },
      injected: true,
    },
  ])("sees $name the way the compactor does", ({ labels, replicas, seen, injected }) => {
    expect(compactorLabels(labels, replicas)).toEqual(seen);
    expect(leavesNoLabels(labels, replicas)).toBe(injected);
  });

  it("groups the old Ruler's blocks under the injected label, apart from the new Ruler's", () => {
    const meta = (labels: Record<string, string>) =>
      metaOf({ ulid: "01JZ8Q5ABCDEFGHJKMNPQRSTVW", minTime: 0, maxTime: 1, labels });
    const old = compactionGroupKey(meta({ rule_replica: "a" }), DEFAULT_REPLICA_LABELS);
    const a = compactionGroupKey(
      meta({ fleetwatch_ruler: "global", rule_replica: "a" }),
      DEFAULT_REPLICA_LABELS,
    );
    const b = compactionGroupKey(
      meta({ fleetwatch_ruler: "global", rule_replica: "b" }),
      DEFAULT_REPLICA_LABELS,
    );
    expect(old).toBe('0@{prometheus_replica="deduped"}');
    expect(a).toBe('0@{fleetwatch_ruler="global"}');
    expect(b).toBe(a);
  });
});
