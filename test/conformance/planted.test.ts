import { checkPlan, type PlannedResource } from "@fleetwatch/conformance";
import { planContext, plannedResources } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { runStage } from "../infra/harness";

// One bad value planted per rule class in the real default plan: each must fail, naming its resource.
let plan: PlannedResource[];
let context: ReturnType<typeof planContext>;

beforeAll(async () => {
  const run = await runStage("dev");
  plan = plannedResources(run);
  context = planContext(run);
});

type Statement = { Action: string | string[]; Resource: string | string[]; Condition?: unknown };

/** A copy of the plan with one resource's inputs changed. */
function planted(name: string, change: (inputs: Record<string, unknown>) => void): PlannedResource[] {
  return plan.map((r) => {
    if (r.name !== name) return r;
    const inputs = structuredClone(r.inputs);
    change(inputs);
    return { ...r, inputs };
  });
}

/** Changes the first statement of a role's inline policy that grants `action`. */
function statement(action: string, change: (s: Statement) => void) {
  return (inputs: Record<string, unknown>) => {
    const policies = inputs.inlinePolicies as { policy: string }[];
    for (const p of policies) {
      const doc = JSON.parse(p.policy) as { Statement: Statement[] };
      const found = doc.Statement.find((s) => [s.Action].flat().includes(action));
      if (!found) continue;
      change(found);
      p.policy = JSON.stringify(doc);
      return;
    }
    throw new Error(`no statement grants ${action}`);
  };
}

describe("the conformance check on a plan with one planted mistake", () => {
  it("finds nothing in the plan as the app makes it", async () => {
    const result = await checkPlan(plan, context);
    expect(result.problems).toEqual([]);
    expect(result.checks).toBeGreaterThan(1000);
  });

  it.each([
    [
      "an action in the wrong case",
      "OnboardingLaunchRole",
      statement("ec2:CreateTags", (s) => {
        s.Action = [s.Action].flat().map((a) => (a === "ec2:CreateTags" ? "ec2:createTags" : a));
      }),
      "iam-action-case",
    ],
    [
      "a resource of the wrong type",
      "ThanosStoreTaskRole",
      statement("s3:GetObject", (s) => {
        s.Resource = [s.Resource].flat().map((r) => r.replace(/\/\*$/, ""));
      }),
      "iam-resource-type",
    ],
    [
      "a condition key that does not apply",
      "ThanosStoreTaskRole",
      statement("s3:GetObject", (s) => {
        s.Condition = { StringEquals: { "ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/c" } };
      }),
      "iam-condition-key-applies",
    ],
    [
      "a write on *",
      "OnboardingLaunchRole",
      statement("ec2:CreateTags", (s) => {
        s.Resource = "*";
      }),
      "iam-write-on-wildcard",
    ],
    [
      "an apostrophe in a description",
      "PrometheusSecurityGroup",
      (inputs: Record<string, unknown>) => {
        inputs.description = "fleetwatch's Prometheus tasks";
      },
      "schema-charset",
    ],
    [
      "a 33-character target group name",
      "GrafanaTargetgrafanaHTTP3000",
      (inputs: Record<string, unknown>) => {
        delete inputs.namePrefix;
        inputs.name = "fleetwatch-production-grafana-abc";
      },
      "schema-max-length",
    ],
    [
      "a queue visibility below the rule",
      "OnboardingLaunchQueueQueue",
      (inputs: Record<string, unknown>) => {
        inputs.visibilityTimeoutSeconds = 300;
      },
      "sqs-visibility-timeout",
    ],
    [
      // 6 x 120 s + its own 60 s window is 780 s: one second short, where the result queue's 725 s would pass.
      "the launch queue's visibility one second below 6 x timeout + its batching window",
      "OnboardingLaunchQueueQueue",
      (inputs: Record<string, unknown>) => {
        inputs.visibilityTimeoutSeconds = 779;
      },
      "sqs-visibility-timeout",
    ],
  ])("fails on %s, naming %s", async (_, resource, change, rule) => {
    const names = plan.map((r) => r.name);
    expect(names).toContain(resource);
    const result = await checkPlan(planted(resource, change), context);
    expect(result.problems.map((p) => `${p.rule} ${p.resource} ${p.severity}`)).toContain(
      `${rule} ${resource} error`,
    );
  });
});
