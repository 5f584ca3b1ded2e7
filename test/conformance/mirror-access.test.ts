import { resolveConfig } from "@fleetwatch/config";
import { checkPlan, type PlannedResource } from "@fleetwatch/conformance";
import { memberDeployment, mirrorAccess } from "@fleetwatch/members";
import { mirrorAccessResources } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";
import mirrorOrganization from "../fixtures/configs/mirror-organization";

const context = { accountId: "123456789012", region: "us-east-1" };
const config = resolveConfig(mirrorOrganization, "production");
/** The mirror buckets' policies of the fixture as the plan checks them: one per region. */
const policies = mirrorAccessResources(
  mirrorAccess(config, memberDeployment(config), { partition: "aws", organizationId: "o-a1b2c3d4e5" }),
);

/** The policies with the first region's statement changed. */
function planted(change: (statement: Record<string, unknown>) => void): PlannedResource[] {
  return policies.map((resource, n) => {
    if (n > 0) return resource;
    const policy = JSON.parse(String(resource.inputs.policy)) as { Statement: Record<string, unknown>[] };
    change(policy.Statement[0] as Record<string, unknown>);
    return { ...resource, inputs: { ...resource.inputs, policy: JSON.stringify(policy) } };
  });
}

async function problemsOf(plan: PlannedResource[]): Promise<string[]> {
  const result = await checkPlan(plan, context);
  expect(result.checks).toBeGreaterThan(0);
  return result.problems.map((p) => `${p.severity} ${p.rule} ${p.resource} ${p.property}`);
}

describe("the conformance check of the mirror buckets' statements", () => {
  it("finds nothing in the statements the plan prints", async () => {
    expect(policies.map((p) => p.name)).toEqual(["MirrorAccess-us-east-1", "MirrorAccess-eu-west-1"]);
    expect(await problemsOf(policies)).toEqual([]);
  });

  it.each([
    [
      "an action S3 does not have",
      (s: Record<string, unknown>) => {
        s.Action = "s3:GetObjects";
      },
      "error iam-action-unknown MirrorAccess-us-east-1 policy Statement[0].Action[0]",
    ],
    [
      "the bucket instead of its objects",
      (s: Record<string, unknown>) => {
        s.Resource = "arn:aws:s3:::acme-mirror-us-east-1";
      },
      "error iam-resource-type MirrorAccess-us-east-1 policy Statement[0].Resource[0]",
    ],
    [
      "a condition key S3 does not have",
      (s: Record<string, unknown>) => {
        s.Condition = { StringEquals: { "s3:PrincipalOrgID": "o-a1b2c3d4e5" } };
      },
      "error iam-condition-key-unknown MirrorAccess-us-east-1 policy Statement[0].Condition.StringEquals.s3:PrincipalOrgID",
    ],
    [
      "an S3 condition key that does not apply to s3:GetObject",
      (s: Record<string, unknown>) => {
        s.Condition = { StringEquals: { "s3:x-amz-acl": "private" } };
      },
      "error iam-condition-key-applies MirrorAccess-us-east-1 policy Statement[0].Condition.StringEquals.s3:x-amz-acl",
    ],
  ])("names %s in its bucket's statement, and only there", async (_, change, problem) => {
    expect(await problemsOf(planted(change))).toEqual([problem]);
  });
});
