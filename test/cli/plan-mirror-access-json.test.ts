import type { PlanReport } from "@fleetwatch/sst-offline";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "./fake-io";

afterEach(() => {
  delete process.env.FLEETWATCH_CONFIG;
});

describe("fleetwatch plan --json: mirrorAccess", () => {
  // One app run per process (Pulumi and SST keep module state): this is the file's only plan.
  it("carries each region's mirror bucket and the statement naming the accounts onboarded there", async () => {
    const result = await cli([
      "plan",
      "--json",
      "--stage",
      "production",
      "--config",
      "test/fixtures/configs/mirror-members.ts",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    const statement = (resource: string, accounts: string[]) => ({
      Sid: "FleetwatchMemberInstancesReadNodeExporter",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: resource,
      Condition: { StringEquals: { "aws:PrincipalAccount": accounts } },
    });
    expect(report.mirrorAccess).toEqual([
      {
        region: "us-east-1",
        bucket: "acme-mirror",
        statement: statement("arn:aws:s3:::acme-mirror/*", ["111111111111"]),
      },
      {
        region: "eu-west-1",
        bucket: "acme-mirror-eu",
        statement: statement("arn:aws:s3:::acme-mirror-eu/*", ["111111111111", "222222222222"]),
      },
    ]);
    expect(report.conformance.problems).toEqual([]);
  });
});
