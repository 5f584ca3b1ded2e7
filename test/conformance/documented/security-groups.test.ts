import { describe, expect, it } from "vitest";
import { checkSecurityGroupDescriptions } from "../../../packages/conformance/src/documented/security-groups";
import type { PlannedResource } from "../../../packages/conformance/src/problem";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };

function plan(groupDescription: string, ruleDescription: string, inlineRule = "inline"): PlannedResource[] {
  return [
    {
      type: "aws:ec2/securityGroup:SecurityGroup",
      name: "GrafanaSecurityGroup",
      inputs: {
        description: groupDescription,
        ingress: [{ description: inlineRule, fromPort: 1, toPort: 1 }],
      },
    },
    {
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      name: "GrafanaFromLoadBalancer3000",
      inputs: { description: ruleDescription },
    },
  ];
}

describe("checkSecurityGroupDescriptions", () => {
  it("finds nothing in valid descriptions, one check per description", () => {
    const result = checkSecurityGroupDescriptions(
      plan("fleetwatch: Grafana tasks (a&b) [x]", "load balancer to Grafana: 3000/tcp"),
      CONTEXT,
    );
    expect(result).toEqual({ checks: 3, problems: [] });
  });

  it.each([
    [
      "an apostrophe in a group description",
      plan("Grafana's tasks", "ok"),
      "GrafanaSecurityGroup",
      "description",
      "sg-description-charset",
    ],
    [
      "a 256-character group description",
      plan("x".repeat(256), "ok"),
      "GrafanaSecurityGroup",
      "description",
      "sg-description-charset",
    ],
    [
      "an apostrophe in a rule description",
      plan("ok", "Grafana's datasource"),
      "GrafanaFromLoadBalancer3000",
      "description",
      "sg-rule-description-charset",
    ],
    [
      "an ampersand in a rule description",
      plan("ok", "a & b"),
      "GrafanaFromLoadBalancer3000",
      "description",
      "sg-rule-description-charset",
    ],
    [
      "an apostrophe in an inline rule",
      plan("ok", "ok", "it's"),
      "GrafanaSecurityGroup",
      "ingress[0].description",
      "sg-rule-description-charset",
    ],
  ])("reports %s", (_what, resources, resource, property, rule) => {
    const { problems } = checkSecurityGroupDescriptions(resources, CONTEXT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      resource,
      property,
      rule,
      ruleClass: "documented",
      severity: "error",
    });
    expect(problems[0]?.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/AWSEC2\//);
  });
});
