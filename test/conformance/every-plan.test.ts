import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { formatProblem } from "@fleetwatch/conformance";
import type { PlanReport } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";

// `fleetwatch plan --json` for every stage and every config fixture that plans: AWS would accept each one.
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "node_modules/.bin/fleetwatch");
const FIXTURES = join(ROOT, "test/fixtures/configs");
/** Fixtures made to fail before any plan (their own tests assert the messages). */
const NOT_PLANNED = ["invalid.ts", "unrenderable-monitoring.ts"];

const cases = [
  ...["dev", "production"].map((stage) => ({ stage, config: undefined as string | undefined })),
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".ts") && !NOT_PLANNED.includes(f))
    .map((f) => ({ stage: "dev", config: join(FIXTURES, f) })),
];

async function plan(stage: string, config: string | undefined) {
  const args = ["plan", "--json", "--stage", stage, ...(config ? ["--config", config] : [])];
  const { stdout } = await run(BIN, args, { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as PlanReport;
}

describe("the conformance check of every stage and config fixture", () => {
  it("plans at least the default stages and eight fixtures", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)("finds no problem in stage $stage with config $config", { timeout: 180_000 }, async (c) => {
    const report = await plan(c.stage, c.config);
    expect(report.conformance.problems.map(formatProblem)).toEqual([]);
    expect(report.conformance.checks).toBeGreaterThan(1000);
  });
});
