import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { AppRun } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";
import { ROOT, runStage } from "../infra/harness";

// EC2 validates descriptions when it creates a group or rule (InvalidParameterValue), which mocks never do:
// a group's description is up to 255 characters of a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$* ; a rule's the
// same without "&".
const GROUP_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
const RULE_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]{0,255}$/;

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const RULE_TYPES = [
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
];

/** Fixtures that never make a plan: a config the schema rejects, and one the renderer refuses. */
const NOT_DEPLOYABLE = ["invalid.ts", "unrenderable-monitoring.ts"];
const FIXTURES = readdirSync(resolve(ROOT, "test/fixtures/configs"))
  .filter((f) => f.endsWith(".ts") && !NOT_DEPLOYABLE.includes(f))
  .sort();

interface Description {
  where: string;
  kind: "group" | "rule";
  text: unknown;
}

/** Every group and rule description of a plan, inline rules of a group included. */
function descriptions(run: AppRun): Description[] {
  const found: Description[] = [];
  for (const group of run.graph.ofType(SECURITY_GROUP)) {
    found.push({ where: group.name, kind: "group", text: group.inputs.description });
    for (const direction of ["ingress", "egress"] as const) {
      const rules = (group.inputs[direction] as { description?: unknown }[] | undefined) ?? [];
      rules.forEach((rule, i) => {
        if (rule.description !== undefined)
          found.push({ where: `${group.name}.${direction}[${i}]`, kind: "rule", text: rule.description });
      });
    }
  }
  for (const type of RULE_TYPES) {
    for (const rule of run.graph.ofType(type)) {
      if (rule.inputs.description !== undefined)
        found.push({ where: rule.name, kind: "rule", text: rule.inputs.description });
    }
  }
  return found;
}

/** The descriptions EC2 would refuse, as `where: "text"`. */
function refused(run: AppRun): string[] {
  return descriptions(run)
    .filter((d) => {
      if (typeof d.text !== "string") return d.kind === "group";
      return !(d.kind === "group" ? GROUP_DESCRIPTION : RULE_DESCRIPTION).test(d.text);
    })
    .map((d) => `${d.where}: ${JSON.stringify(d.text)}`);
}

describe("EC2's description charsets", () => {
  it.each([
    ["fleetwatch Prometheus + Thanos sidecar tasks", true, true],
    ["listener 443/https", true, true],
    ["Grafana's datasource", false, false],
    ["metrics & alerts", true, false],
    ["x".repeat(256), false, false],
  ])("%j: group %s, rule %s", (text, group, rule) => {
    expect(GROUP_DESCRIPTION.test(text)).toBe(group);
    expect(RULE_DESCRIPTION.test(text)).toBe(rule);
  });
});

describe("security group and rule descriptions EC2 accepts", () => {
  it("in the default plan", async () => {
    const run = await runStage("dev");
    expect(descriptions(run).filter((d) => d.kind === "rule").length).toBeGreaterThan(20);
    expect(refused(run)).toEqual([]);
  });

  it.each(FIXTURES)("in the plan of %s", async (fixture) => {
    const run = await runStage("dev", fixture);
    expect(descriptions(run).length).toBeGreaterThan(0);
    expect(refused(run)).toEqual([]);
  });
});
