import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { PlanReport } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "node_modules/.bin/fleetwatch");

describe("npx fleetwatch plan", () => {
  it("writes only the plan's JSON to stdout with --json, from any directory", async () => {
    const { stdout, stderr } = await run(BIN, ["plan", "--json"], {
      cwd: tmpdir(),
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const plan = JSON.parse(stdout) as PlanReport;
    expect(plan.stage, stderr).toBe("dev");
    expect(plan.resources.length).toBeGreaterThan(100);
    expect(plan.cost.estimate.lines.length).toBeGreaterThan(0);
  });

  it("exits 3 with one line for a flag mistake, without a stack trace", async () => {
    const failed = await run(BIN, ["plan", "--jsn"], { cwd: ROOT, timeout: 60_000 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 3,
      stdout: "",
      stderr:
        "fleetwatch plan: Unknown option '--jsn' (usage: fleetwatch plan [--stage S] [--json] [--config FILE])\n",
    });
  });
});
