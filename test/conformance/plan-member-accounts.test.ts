import type { ResolvedConfig } from "@fleetwatch/config";
import type { SimulationReport } from "@fleetwatch/conformance";
import { beforeAll, describe, expect, it } from "vitest";
import { realPlanTests, simulateStage } from "./run-plan";

let members: { report: SimulationReport; config: ResolvedConfig };
let organization: { report: SimulationReport; config: ResolvedConfig };

const assumeRole = (report: SimulationReport) =>
  report.requests
    .filter((r) => r.action === "sts:AssumeRole")
    .map((r) => `${r.resource} ${r.expected} ${r.result}`)
    .sort();

describe("IAM simulation of the real plan, fixture onboarding-member-accounts", () => {
  beforeAll(async () => {
    members = await simulateStage("production", "onboarding-member-accounts.ts");
  });
  realPlanTests(() => members);

  it("lets the onboarding Lambdas assume exactly the listed accounts' member roles", () => {
    const requests = members.report.requests.filter((r) => r.action === "sts:AssumeRole");
    const allowed = requests.filter((r) => r.expected === "Allowed");
    expect(new Set(allowed.map((r) => r.resource))).toEqual(
      new Set([
        "arn:aws:iam::210987654321:role/fleetwatch-member",
        "arn:aws:iam::333333333333:role/fleetwatch-member",
      ]),
    );
    expect(allowed.every((r) => r.result === "Allowed")).toBe(true);
    const refused = requests.filter((r) => r.expected === "Refused");
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(refused.every((r) => r.result !== "Allowed")).toBe(true);
  });
});

describe("IAM simulation of the real plan, fixture onboarding-organization", () => {
  beforeAll(async () => {
    organization = await simulateStage("production", "onboarding-organization.ts");
  });
  realPlanTests(() => organization);

  it("lets the onboarding Lambdas assume the member role of the Organization's accounts only", () => {
    expect(
      assumeRole(organization.report).some((r) => r.includes("999999999999") && r.endsWith("Allowed")),
    ).toBe(false);
    const allowed = organization.report.requests.filter(
      (r) => r.action === "sts:AssumeRole" && r.expected === "Allowed",
    );
    expect(allowed.length).toBe(3);
    expect(allowed.every((r) => r.result === "Allowed")).toBe(true);
  });

  it("lets the coordinator, the launch and result handlers and the discovery refresh list the units' accounts, not the worker", () => {
    const listing = organization.report.requests.filter((r) => r.action.startsWith("organizations:"));
    expect(listing.map((r) => `${r.workload} ${r.action} ${r.result}`).sort()).toEqual([
      "MonitoringDiscoveryRefresh organizations:ListAccountsForParent Allowed",
      "MonitoringDiscoveryRefresh organizations:ListOrganizationalUnitsForParent Allowed",
      "OnboardingComplete organizations:ListAccountsForParent Allowed",
      "OnboardingComplete organizations:ListOrganizationalUnitsForParent Allowed",
      "OnboardingLaunch organizations:ListAccountsForParent Allowed",
      "OnboardingLaunch organizations:ListOrganizationalUnitsForParent Allowed",
      "OnboardingReconcileHandler organizations:ListAccountsForParent Allowed",
      "OnboardingReconcileHandler organizations:ListOrganizationalUnitsForParent Allowed",
    ]);
  });
});
