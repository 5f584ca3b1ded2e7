import { afterEach, describe, expect, it } from "vitest";
import { cli } from "./fake-io";

afterEach(() => {
  delete process.env.FLEETWATCH_CONFIG;
});

describe("fleetwatch plan: the Mirror access section", () => {
  // One app run per process (Pulumi and SST keep module state): this is the file's only plan.
  it("prints each region's mirror bucket with the statement its policy needs, checked by the conformance line", async () => {
    const result = await cli([
      "plan",
      "--stage",
      "production",
      "--config",
      "test/fixtures/configs/mirror-organization.ts",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const at = lines.findIndex((line) => line.startsWith("Mirror access ("));
    expect(at, result.stdout).toBeGreaterThan(lines.findIndex((line) => line.startsWith("Member accounts:")));
    const section = lines.slice(at + 1, lines.indexOf("", at));
    expect(section[0]).toBe("  us-east-1: s3://acme-mirror-us-east-1");
    const statement = JSON.parse(
      section.slice(1, section.indexOf("  eu-west-1: s3://acme-mirror-eu-west-1")).join("\n"),
    );
    expect(statement).toEqual({
      Sid: "FleetwatchMemberInstancesReadNodeExporter",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::acme-mirror-us-east-1/node-exporter/*",
      // The units under the offline Organization's id, as the stack reads it (aws.organizations.getOrganization).
      Condition: {
        "ForAnyValue:StringLike": {
          "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*/ou-ab12-cdef3456/*", "o-a1b2c3d4e5/*/ou-ab12-0123abcd/*"],
        },
      },
    });
    expect(lines.at(-1)).toMatch(/^conformance: \d+ checks, 0 problems$/);
  });
});
