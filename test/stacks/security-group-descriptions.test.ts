import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { checkSecurityGroupDescriptions, type PlannedResource } from "@fleetwatch/conformance";
import { plannedResources } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";
import { ROOT, runStage } from "../infra/harness";

// EC2 validates descriptions when it creates a group or rule (InvalidParameterValue), which mocks never do. The
// charsets are the conformance package's (one owner); this file holds the stacks to them.
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const CONTEXT = { accountId: "123456789012", region: "us-east-1" };

/** The descriptions of a plan the rule refuses, as `resource property`, and how many it checked. */
function refusedIn(plan: PlannedResource[]): { refused: string[]; checks: number } {
  const result = checkSecurityGroupDescriptions(plan, CONTEXT);
  return { refused: result.problems.map((p) => `${p.resource} ${p.property}`), checks: result.checks };
}

/** Fixtures that never make a plan: a config the schema rejects, and one the renderer refuses. */
const NOT_DEPLOYABLE = ["invalid.ts", "unrenderable-monitoring.ts"];
const FIXTURES = readdirSync(resolve(ROOT, "test/fixtures/configs"))
  .filter((f) => f.endsWith(".ts") && !NOT_DEPLOYABLE.includes(f))
  .sort();

describe("EC2's description charsets", () => {
  it.each([
    ["fleetwatch Prometheus + Thanos sidecar tasks", true, true],
    ["listener 443/https", true, true],
    ["Grafana's datasource", false, false],
    ["metrics & alerts", true, false],
    ["x".repeat(256), false, false],
  ])("%j: group %s, rule %s", (text, group, rule) => {
    const plan = [
      { type: SECURITY_GROUP, name: "G", inputs: { description: text } },
      { type: RULE, name: "R", inputs: { description: text } },
    ];
    const { refused } = refusedIn(plan);
    expect(!refused.includes("G description")).toBe(group);
    expect(!refused.includes("R description")).toBe(rule);
  });
});

describe("security group and rule descriptions EC2 accepts", () => {
  it("in the default plan", async () => {
    const { refused, checks } = refusedIn(plannedResources(await runStage("dev")));
    expect(checks).toBeGreaterThan(20);
    expect(refused).toEqual([]);
  });

  it.each(FIXTURES)("in the plan of %s", async (fixture) => {
    const { refused, checks } = refusedIn(plannedResources(await runStage("dev", fixture)));
    expect(checks).toBeGreaterThan(0);
    expect(refused).toEqual([]);
  });
});
