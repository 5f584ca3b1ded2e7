import type { SyncPlanCheck } from "../problem.js";
import { ofType, type RuleRef, Tally } from "../tally.js";

/** CreateSecurityGroup's GroupDescription: up to 255 of a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$* */
export const SG_DESCRIPTION: RuleRef = {
  id: "sg-description-charset",
  ruleClass: "documented",
  source:
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (GroupDescription)",
};
/** A rule's description (IpRange, UserIdGroupPair, PrefixListId): the same characters without '&'. */
export const SG_RULE_DESCRIPTION: RuleRef = {
  id: "sg-rule-description-charset",
  ruleClass: "documented",
  source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html (Description)",
};

const GROUP_CHARS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const RULE_CHARS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]*$/;
const MAX = 255;

function describe(value: string, allowed: RegExp, what: string): string | undefined {
  const bad = [...new Set([...value].filter((ch) => !allowed.test(ch)))];
  if (bad.length > 0)
    return `${what} ${JSON.stringify(value)} has ${bad.map((c) => JSON.stringify(c)).join(", ")}; EC2 allows only a-z, A-Z, 0-9, spaces and ${allowed === GROUP_CHARS ? "._-:/()#,@[]+=&;{}!$*" : "._-:/()#,@[]+=;{}!$*"}`;
  if (value.length > MAX) return `${what} has ${value.length} characters, more than ${MAX}`;
  return undefined;
}

/** Security group and rule descriptions: EC2 refuses the whole deploy over one character outside its set. */
export const checkSecurityGroupDescriptions: SyncPlanCheck = (plan) => {
  const tally = new Tally();
  for (const type of [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  ])
    for (const sg of ofType(plan, type)) {
      const { description, ingress, egress } = sg.inputs;
      if (typeof description === "string")
        tally.check(
          SG_DESCRIPTION,
          sg,
          "description",
          describe(description, GROUP_CHARS, "group description"),
        );
      for (const [key, rules] of [
        ["ingress", ingress],
        ["egress", egress],
      ] as const) {
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule: { description?: unknown }, i) => {
          if (typeof rule?.description === "string")
            tally.check(
              SG_RULE_DESCRIPTION,
              sg,
              `${key}[${i}].description`,
              describe(rule.description, RULE_CHARS, "rule description"),
            );
        });
      }
    }
  for (const type of [
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
  ])
    for (const rule of ofType(plan, type)) {
      const { description } = rule.inputs;
      if (typeof description === "string")
        tally.check(
          SG_RULE_DESCRIPTION,
          rule,
          "description",
          describe(description, RULE_CHARS, "rule description"),
        );
    }
  return tally.result;
};
