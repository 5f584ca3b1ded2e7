import type { ResolvedConfig } from "@fleetwatch/config";
import type { SimulationReport } from "@fleetwatch/conformance";
import { beforeAll, describe, expect, it } from "vitest";
import { realPlanTests, simulateStage } from "./run-plan";

// One app run per file (SST keeps module state per process).
let result: { report: SimulationReport; config: ResolvedConfig };

describe("IAM simulation of the real plan, stage dev", () => {
  beforeAll(async () => {
    result = await simulateStage("dev");
  });
  realPlanTests(() => result);

  it("simulates every Lambda and every ECS task role", () => {
    const roles = new Set(result.report.requests.map((r) => r.role));
    for (const role of ["OnboardingLaunchRole", "OnboardingCompleteRole", "OnboardingReconcileHandlerRole"])
      expect(roles).toContain(role);
    expect(roles).toContain("HealthAuditRole");
    expect(roles).toContain("ThanosCompactorTaskRole");
    expect(roles).toContain("GrafanaExecutionRole");
    // Every Ruler replica's own roles (ruler.replicas defaults to 2).
    for (const role of ["ThanosRulerATaskRole", "ThanosRulerBTaskRole", "ThanosRulerBExecutionRole"])
      expect(roles).toContain(role);
    expect([...roles].filter((r) => r.endsWith("TaskRole") || r.endsWith("ExecutionRole"))).toHaveLength(22);
  });

  it("makes no ModifyNetworkInterfaceAttribute call without attachSecurityGroup", () => {
    expect(result.report.requests.some((r) => r.action === "ec2:ModifyNetworkInterfaceAttribute")).toBe(
      false,
    );
  });
});
