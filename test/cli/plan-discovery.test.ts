import { afterEach, describe, expect, it } from "vitest";
import { cli } from "./fake-io";

afterEach(() => {
  delete process.env.FLEETWATCH_CONFIG;
});

describe("fleetwatch plan: the Discovery section", () => {
  // One app run per process (Pulumi and SST keep module state): this is the file's only plan.
  it("lists each group's accounts x regions from the mocked Organization's units, before the capacity plan and the conformance line", async () => {
    const result = await cli([
      "plan",
      "--stage",
      "production",
      "--config",
      "test/fixtures/configs/two-units.ts",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const at = lines.findIndex((line) => line.startsWith("Discovery (account x region"));
    const capacity = lines.findIndex((line) => line.startsWith("Capacity per Prometheus shard"));
    // After the cost, before the capacity plan (and so before the conformance line).
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(capacity);
    // The suspended account of the second unit and the home (management) account are not members.
    expect(lines.slice(at + 1, at + 9)).toEqual([
      "  member accounts: 3 ACTIVE in ou-ab12-cdef3456, ou-ab12-0123abcd at deploy time (the discovery refresh follows the units every 10 minutes); role fleetwatch-member",
      "  payments: 2 ec2_sd_configs blocks",
      "    210987654321 (payments-prod): us-east-1, eu-west-1",
      "  members: 8 ec2_sd_configs blocks",
      "    home: us-east-1, eu-west-1",
      "    210987654321 (payments-prod): us-east-1, eu-west-1",
      "    210987654322 (payments-staging): us-east-1, eu-west-1",
      "    310987654321 (data-prod): us-east-1, eu-west-1",
    ]);
    expect(lines.at(-1)).toMatch(/^conformance: \d+ checks, 0 problems$/);
  });
});
