import type { PlanReport } from "@fleetwatch/sst-offline";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "./fake-io";

const PLAN_USAGE = "(usage: fleetwatch plan [--stage S] [--json] [--config FILE])";

afterEach(() => {
  delete process.env.FLEETWATCH_CONFIG;
});

describe("fleetwatch plan", () => {
  // One app run per process (Pulumi and SST keep module state): this is the file's only successful plan.
  it("prints only the plan's JSON on stdout with --json, with what removal means and who uses each role", async () => {
    const result = await cli(["plan", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as PlanReport;
    expect(plan).toMatchObject({ stage: "dev", region: "us-east-1", removal: "remove", protect: false });
    expect(plan.removalMeaning).toBe(
      "removal: remove — `sst remove` deletes everything, buckets included (force-destroyed with their data)",
    );
    const role = (name: string) => plan.resources.find((r) => r.name === name);
    expect(role("HealthAuditRole")?.usedBy).toEqual(["HealthAuditFunction (Lambda)"]);
    expect(role("ThanosQueryTaskRole")?.usedBy).toEqual(["ThanosQueryTask (task role, ThanosQueryService)"]);
    expect(role("HealthAuditScheduleRole")?.usedBy).toEqual(["HealthAuditScheduleSchedule (schedule)"]);
    const roles = plan.resources.filter((r) => r.type === "aws:iam/role:Role");
    expect(roles.filter((r) => r.usedBy?.length !== 1).map((r) => r.name)).toEqual([]);
    expect(plan.cost.pricing.region).toBe("us-east-1");
  });

  it.each([
    [["plan", "--jsn"], `fleetwatch plan: Unknown option '--jsn' ${PLAN_USAGE}`],
    [["plan", "--stage"], `fleetwatch plan: Option '--stage <value>' argument missing ${PLAN_USAGE}`],
    [["plan", "dev"], `fleetwatch plan: Unexpected argument 'dev' ${PLAN_USAGE}`],
    [
      ["plan", "--config", "no/such/config.ts"],
      `fleetwatch plan: --config no/such/config.ts: no such file ${PLAN_USAGE}`,
    ],
  ])("exits 3 for %j with one line of usage", async (argv, line) => {
    const result = await cli(argv);
    expect(result).toEqual({ code: 3, stdout: "", stderr: `${line}\n` });
  });

  it.each([
    [
      "Production",
      'stage "Production": AWS needs lower-case names (S3 bucket names, IAM role names, Cloud Map DNS names): use "production"',
    ],
    [
      "my stage",
      'stage "my stage": AWS needs lower-case letters, digits and hyphens, starting with a letter (S3 bucket names, IAM role names, Cloud Map DNS names): use "my-stage"',
    ],
    [
      "producton",
      'stage "producton": the config names no such stage; did you mean "production"? Use --stage production, or name "producton" in fleetwatch.config.ts (stages: { producton: {} }) to deploy it as a stage of its own',
    ],
    [
      "PRODUCTION",
      'stage "PRODUCTION": AWS needs lower-case names (S3 bucket names, IAM role names, Cloud Map DNS names): use "production"',
    ],
  ])("refuses stage %j in one line, before running the app", async (stage, line) => {
    const result = await cli(["plan", "--stage", stage]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `${line}\n` });
  });

  it("refuses a near miss of a stage that another config names, naming that file", async () => {
    const result = await cli(["plan", "--stage", "prod", "--config", "test/fixtures/configs/invalid.ts"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('name "prod" in test/fixtures/configs/invalid.ts');
  });

  it("prints the config's issues for an invalid config", async () => {
    const result = await cli(["plan", "--config", "test/fixtures/configs/invalid.ts"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "  - scrapeGroups[0].replicas: must be an integer from 1 to 4, got 0. Fix: set scrapeGroups[0].replicas to 2 for an HA pair, or 1.",
    );
    expect(result.stderr).not.toContain("    at ");
  });
});

describe("fleetwatch", () => {
  it.each([
    [[], "fleetwatch: missing command"],
    [["deploy"], 'fleetwatch: unknown command "deploy"'],
  ])("exits 3 for %j and lists the commands", async (argv, line) => {
    const result = await cli(argv);
    expect(result.code).toBe(3);
    expect(result.stderr.split("\n")[0]).toBe(line);
    expect(result.stderr).toContain("fleetwatch plan [--stage S] [--json] [--config FILE]");
    expect(result.stderr).toContain("fleetwatch render [--stage S] --out DIR [--config FILE]");
  });
});
