import type { ResolvedConfig } from "@fleetwatch/config";
import type { SimulationReport } from "@fleetwatch/conformance";
import { beforeAll, describe, expect, it } from "vitest";
import { realPlanTests, simulateStage } from "./run-plan";

let result: { report: SimulationReport; config: ResolvedConfig };

describe("IAM simulation of the real plan, fixture attach-security-group", () => {
  beforeAll(async () => {
    result = await simulateStage("dev", "attach-security-group.ts");
  });
  realPlanTests(() => result);

  it("allows the interface change in the fleetwatch VPC and refuses it in another", () => {
    const modify = result.report.requests.filter((r) => r.action === "ec2:ModifyNetworkInterfaceAttribute");
    const inVpc = modify.filter(
      (r) => r.expected === "Allowed" && r.resource.includes(":network-interface/"),
    );
    expect(inVpc.map((r) => r.result)).toEqual(["Allowed", "Allowed"]);
    const other = modify.filter((r) => r.expected === "Refused");
    expect(other.length).toBe(2);
    expect(other.every((r) => r.result === "ImplicitlyDenied")).toBe(true);
  });

  it("checks SendCommand and CreateTags in every onboarded region", () => {
    const regions = new Set(
      result.report.requests
        .filter((r) => r.action === "ssm:SendCommand")
        .map((r) => r.resource.split(":")[3]),
    );
    expect(regions.size).toBe(result.config.regions.length);
  });
});
