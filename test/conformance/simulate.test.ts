import {
  type PlannedResource,
  type SimulationSubject,
  simulateWorkloads,
  simulationCheck,
} from "@fleetwatch/conformance";
import { beforeAll, describe, expect, it } from "vitest";
import { simulationSubject } from "../../stacks/calls";
import { stageConfig } from "../../stacks/config";
import { runStage } from "../infra/harness";
import { planContext, plannedResources } from "./plan";

let plan: PlannedResource[];
let subject: SimulationSubject;
let context: ReturnType<typeof planContext>;

/** The plan with one resource's inputs changed. */
function edit(name: string, change: (inputs: Record<string, unknown>) => Record<string, unknown>) {
  return plan.map((r) => (r.name === name ? { ...r, inputs: change(structuredClone(r.inputs)) } : r));
}

/** A role's inline policy with its statements changed. */
function editStatements(
  role: string,
  change: (statements: Record<string, unknown>[]) => Record<string, unknown>[],
) {
  return edit(role, (inputs) => {
    const inline = inputs.inlinePolicies as { name: string; policy: string }[];
    const doc = JSON.parse(inline[0]?.policy ?? "{}");
    doc.Statement = change(doc.Statement);
    return { ...inputs, inlinePolicies: [{ ...inline[0], policy: JSON.stringify(doc) }] };
  });
}

const messages = async (p: PlannedResource[], rule: string) =>
  (await simulateWorkloads(p, context, subject)).problems
    .filter((x) => x.rule === rule)
    .map((x) => x.message);

describe("simulateWorkloads over an edited dev plan", () => {
  beforeAll(async () => {
    const run = await runStage("dev");
    plan = plannedResources(run);
    context = planContext(run);
    subject = simulationSubject(await stageConfig("dev"));
  });

  it("reports a required call denied when its statement is removed, naming the role, action and resource", async () => {
    const edited = editStatements("ThanosStoreTaskRole", (s) => s.filter((x) => x.Sid !== "ThanosRead"));
    const denied = (await simulateWorkloads(edited, context, subject)).problems.filter(
      (p) => p.rule === "iam-simulate-call-denied" && p.resource === "ThanosStoreTaskRole",
    );
    expect(denied).toHaveLength(1);
    expect(denied[0]?.message).toMatch(
      /ThanosStore task .* is ImplicitlyDenied s3:GetObject on arn:aws:s3:::.*thanos/,
    );
  });

  it("reports a must-refuse call allowed when a reader gets s3:PutObject on the Thanos bucket", async () => {
    const edited = editStatements("ThanosStoreTaskRole", (s) =>
      s.map((x) => (x.Sid === "ThanosRead" ? { ...x, Action: ["s3:GetObject", "s3:PutObject"] } : x)),
    );
    expect(await messages(edited, "iam-simulate-refusal-allowed")).toEqual([
      expect.stringMatching(
        /ThanosStore task is allowed s3:PutObject .* readers of the Thanos bucket never write/,
      ),
    ]);
  });

  it("refuses S3 without TLS only because of the bucket policy", async () => {
    const edited = plan.filter((r) => r.type !== "aws:s3/bucketPolicy:BucketPolicy");
    const allowed = await messages(edited, "iam-simulate-refusal-allowed");
    expect(allowed.length).toBeGreaterThan(20);
    expect(allowed.every((m) => m.includes("aws:SecureTransport=false"))).toBe(true);
  });

  it("refuses CreateTags outside the prefix only because of the aws:TagKeys condition", async () => {
    const edited = editStatements("OnboardingLaunchRole", (s) =>
      s.map((x) => ((x.Action as string[]).includes("ec2:CreateTags") ? { ...x, Condition: undefined } : x)),
    );
    const allowed = await messages(edited, "iam-simulate-refusal-allowed");
    expect(allowed.filter((m) => m.includes("ec2:CreateTags")).length).toBeGreaterThan(0);
    expect(allowed.some((m) => m.includes("aws:TagKeys=[Name]"))).toBe(true);
  });

  it("allows ListTasks granted on * with ecs:cluster, and still denies it for another cluster", async () => {
    const edited = editStatements("HealthAuditRole", (s) =>
      s.map((x) => ((x.Action as string[]).includes("ecs:ListTasks") ? { ...x, Resource: ["*"] } : x)),
    );
    const denied = await messages(edited, "iam-simulate-call-denied");
    expect(denied.filter((m) => m.startsWith("HealthAudit ") && m.includes("ecs:ListTasks"))).toEqual([]);
    expect(
      (await messages(edited, "iam-simulate-refusal-allowed")).filter((m) => m.includes("ListTasks")),
    ).toEqual([]);
  });

  it("reports a workload whose function is not in the plan", async () => {
    const edited = plan.filter((r) => r.name !== "HealthDigestFunction");
    expect(await messages(edited, "iam-simulate-principal-missing")).toEqual([
      "HealthDigest: no aws:lambda/function:Function named HealthDigestFunction",
    ]);
  });

  it("runs as an AsyncPlanCheck with one check per simulated request", async () => {
    const result = await simulationCheck(subject)(plan, context);
    const report = await simulateWorkloads(plan, context, subject);
    expect(result.checks).toBe(report.requests.length);
    expect(result.problems).toEqual(report.problems);
  });
});
