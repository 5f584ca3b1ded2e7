import type { ResolvedConfig } from "@fleetwatch/config";
import { type SimulationReport, simulateWorkloads } from "@fleetwatch/conformance";
import { expect, it } from "vitest";
import { simulationSubject } from "../../stacks/calls";
import { stageConfig } from "../../stacks/config";
import { runStage } from "../infra/harness";
import { matchKnown } from "./known-denials";
import { planContext, plannedResources } from "./plan";

/** The real app for a stage (and fixture config), simulated: the report and the config it was built from. */
export async function simulateStage(
  stage: string,
  fixture?: string,
): Promise<{ report: SimulationReport; config: ResolvedConfig }> {
  const run = await runStage(stage, fixture);
  const config = await stageConfig(stage);
  const report = await simulateWorkloads(plannedResources(run), planContext(run), simulationSubject(config));
  return { report, config };
}

/** The assertions every real plan must pass. */
export function realPlanTests(get: () => { report: SimulationReport; config: ResolvedConfig }) {
  it("finds every workload's role in the plan and every target the calls name", () => {
    const { report } = get();
    const missing = report.problems.filter((p) =>
      /principal-missing|target-missing|invalid-request/.test(p.rule),
    );
    expect(missing.map((p) => p.message)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === "warning")).toEqual([]);
  });

  it("denies exactly the known denials (none once their fixes merge)", () => {
    const { report, config } = get();
    const { denials, unknown, missing } = matchKnown(report.problems, config);
    expect(unknown).toEqual([]);
    expect(missing).toEqual([]);
    expect(denials).toHaveLength(new Set(denials).size);
  });

  it("refuses every must-refuse call", () => {
    const { report } = get();
    expect(
      report.problems.filter((p) => p.rule === "iam-simulate-refusal-allowed").map((p) => p.message),
    ).toEqual([]);
    const refused = report.requests.filter((r) => r.expected === "Refused");
    expect(refused.length).toBeGreaterThan(50);
    expect(
      refused.some((r) => r.context["aws:SecureTransport"] === "false" && r.result === "ExplicitlyDenied"),
    ).toBe(true);
  });
}
