import { type PlannedResource, type SimulationSubject, simulateWorkloads } from "@fleetwatch/conformance";
import { beforeAll, describe, expect, it } from "vitest";
import { simulationSubject } from "../../stacks/calls";
import { stageConfig } from "../../stacks/config";
import { runStage } from "../infra/harness";
import { planContext, plannedResources } from "./plan";

// Prometheus's role_arn blocks in the IAM simulation: the member roles are allowed, any other role of a member
// account refused, and a grant that drifts either way is reported.

const ROLE = "PrometheusDefaultATaskRole";
let plan: PlannedResource[];
let subject: SimulationSubject;
let context: ReturnType<typeof planContext>;

/** The plan with the role's AssumeMemberRoles statement changed (or removed, when `change` returns undefined). */
function withAssume(change: (s: Record<string, unknown>) => Record<string, unknown> | undefined) {
  return plan.map((r) => {
    if (r.name !== ROLE) return r;
    const inputs = structuredClone(r.inputs);
    const inline = inputs.inlinePolicies as { name: string; policy: string }[];
    const doc = JSON.parse(inline[0]?.policy ?? "{}") as { Statement: Record<string, unknown>[] };
    doc.Statement = doc.Statement.flatMap((s) =>
      s.Sid === "AssumeMemberRoles" ? [change(s) ?? []].flat() : [s],
    );
    return { ...r, inputs: { ...inputs, inlinePolicies: [{ ...inline[0], policy: JSON.stringify(doc) }] } };
  });
}

async function problems(p: PlannedResource[], rule: string) {
  return (await simulateWorkloads(p, context, subject)).problems
    .filter((x) => x.rule === rule && x.resource === ROLE)
    .map((x) => x.message);
}

describe("the member-accounts plan, simulated", () => {
  beforeAll(async () => {
    const run = await runStage("dev", "member-accounts.ts");
    plan = plannedResources(run);
    context = planContext(run);
    subject = simulationSubject(await stageConfig("dev"));
  });

  it("allows every Prometheus task role to assume exactly the member roles, and refuses another role", async () => {
    const report = await simulateWorkloads(plan, context, subject);
    const assume = report.requests.filter((r) => r.role === ROLE && r.action === "sts:AssumeRole");
    expect(assume.map((r) => [r.expected, r.result, r.resource])).toEqual([
      ...["111111111111", "222222222222"].map((id) => [
        "Allowed",
        "Allowed",
        `arn:aws:iam::${id}:role/fleetwatch-member`,
      ]),
      ["Refused", "ImplicitlyDenied", "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole"],
    ]);
    expect(report.problems.filter((p) => p.resource === ROLE)).toEqual([]);
  });

  it("reports a grant on every role of the accounts, and a missing grant", async () => {
    expect(
      await problems(
        withAssume((s) => ({ ...s, Resource: "arn:aws:iam::*:role/*" })),
        "iam-simulate-refusal-allowed",
      ),
    ).toEqual([expect.stringMatching(/OrganizationAccountAccessRole/)]);
    expect(
      await problems(
        withAssume(() => undefined),
        "iam-simulate-call-denied",
      ),
    ).toHaveLength(2);
  });
});
