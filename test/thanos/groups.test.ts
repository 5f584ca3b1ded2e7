import { compactionGroupKey, labelsKey, withoutReplicaLabels } from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";
import { metaOf } from "../support/blocks";

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
});
