import { describe, expect, it } from "vitest";
import { checkFargateSizes } from "../../../packages/conformance/src/documented/fargate";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };
const task = (inputs: Record<string, unknown>) => [
  {
    type: "aws:ecs/taskDefinition:TaskDefinition",
    name: "ThanosStoreTask",
    inputs: { requiresCompatibilities: ["FARGATE"], ...inputs },
  },
];

describe("checkFargateSizes", () => {
  it.each([
    ["256", "512"],
    ["256", "2048"],
    ["512", "4096"],
    ["1024", "8192"],
    ["2048", "16384"],
    ["4096", "30720"],
    ["8192", "20480"],
    ["16384", "122880"],
    ["1 vCPU", "2 GB"],
    ["0.5 vcpu", "1gb"],
  ])("accepts cpu %s with memory %s", (cpu, memory) => {
    expect(checkFargateSizes(task({ cpu, memory }), CONTEXT)).toEqual({ checks: 1, problems: [] });
  });

  it.each([
    ["256", "4096"],
    ["512", "512"],
    ["1024", "9216"],
    ["8192", "17408"],
    ["16384", "36864"],
    ["384", "1024"],
    [undefined, "1024"],
  ])("reports cpu %s with memory %s", (cpu, memory) => {
    const { problems } = checkFargateSizes(task({ cpu, memory }), CONTEXT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      resource: "ThanosStoreTask",
      property: "cpu",
      rule: "fargate-cpu-memory",
    });
  });

  it("leaves task definitions that do not require Fargate alone", () => {
    const plan = task({ cpu: "384", memory: "100", requiresCompatibilities: ["EC2"] });
    expect(checkFargateSizes(plan, CONTEXT)).toEqual({ checks: 0, problems: [] });
  });

  it.each([
    [21, 0],
    [200, 0],
    [20, 1],
    [201, 1],
  ])("checks %i GiB of ephemeral storage (%i problems)", (sizeInGib, count) => {
    const { checks, problems } = checkFargateSizes(
      task({ cpu: "512", memory: "2048", ephemeralStorage: { sizeInGib } }),
      CONTEXT,
    );
    expect(checks).toBe(2);
    expect(problems).toHaveLength(count);
    if (count)
      expect(problems[0]).toMatchObject({
        property: "ephemeralStorage.sizeInGib",
        rule: "fargate-ephemeral-storage",
      });
  });
});
