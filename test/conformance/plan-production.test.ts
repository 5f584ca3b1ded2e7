import type { ResolvedConfig } from "@fleetwatch/config";
import type { SimulationReport } from "@fleetwatch/conformance";
import { beforeAll, describe } from "vitest";
import { realPlanTests, simulateStage } from "./run-plan";

let result: { report: SimulationReport; config: ResolvedConfig };

describe("IAM simulation of the real plan, stage production", () => {
  beforeAll(async () => {
    result = await simulateStage("production");
  });
  realPlanTests(() => result);
});
