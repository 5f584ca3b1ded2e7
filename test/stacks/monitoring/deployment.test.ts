import { describe, expect, it } from "vitest";
import { oneMoreAtATime } from "../../../stacks/monitoring/deployment";

describe("oneMoreAtATime", () => {
  it.each([1, 2, 3, 4, 5, 7, 33, 100])(
    "keeps all %i replicas running and allows exactly one more (ECS rounds the minimum up, the maximum down)",
    (replicas) => {
      const { minimumHealthyPercent, maximumPercent } = oneMoreAtATime(replicas);
      expect(Math.ceil((replicas * minimumHealthyPercent) / 100)).toBe(replicas);
      expect(Math.floor((replicas * maximumPercent) / 100)).toBe(replicas + 1);
    },
  );

  it.each([0, 1.5, 101])("refuses %s replicas", (replicas) => {
    expect(() => oneMoreAtATime(replicas)).toThrow(RangeError);
  });
});
