import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { PlanReport } from "@fleetwatch/sst-offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../support/process";

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

const exec = runProcess;
const TSX = join(ROOT, "node_modules/.bin/tsx");

describe("npx fleetwatch help and mistakes", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-bin-"));
    await writeFile(join(dir, "a-file"), "x");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([[["--help"]], [["-h"]], [["help"]]])("prints the usage on stdout for %j, exit 0", async (argv) => {
    const result = await exec(BIN, argv);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: fleetwatch <command> \.\.\./);
  });

  it.each([[["audit", "--help"]], [["help", "audit"]]])("prints audit's options for %j", async (argv) => {
    const result = await exec(BIN, argv);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: fleetwatch audit --bucket/);
    expect(result.stdout).toContain(
      "--now            judge as of this ISO-8601 time, e.g. 2026-11-29T10:00:00Z",
    );
  });

  it("prints the version with --version", async () => {
    expect(await exec(BIN, ["--version"])).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it.each([
    [
      ["audit", "--bucket", "file:///nowhere", "--now", "1"],
      'fleetwatch audit: --now must be an ISO-8601 time with a zone like 2026-11-29T10:00:00Z, got "1" (`fleetwatch audit --help` lists the options)\n',
    ],
    [
      ["audit", "--bucket", "file:///nowhere", "--out", "/proc/self/fleetwatch"],
      "fleetwatch audit: --out /proc/self/fleetwatch: is under /proc: name a writable directory (it is created if missing) (`fleetwatch audit --help` lists the options)\n",
    ],
    [
      ["render", "--out", "/sys/fleetwatch"],
      "fleetwatch render: --out /sys/fleetwatch: is under /sys: name a writable directory (it is created if missing) (usage: fleetwatch render [--stage S] --out DIR [--config FILE])\n",
    ],
    [
      ["render", "--stag", "production"],
      "fleetwatch render: Unknown option '--stag' (usage: fleetwatch render [--stage S] --out DIR [--config FILE])\n",
    ],
  ])("exits 3 with one line for %j, without a stack trace", async (argv, stderr) => {
    expect(await exec(BIN, argv)).toEqual({ code: 3, stdout: "", stderr });
  });

  it("exits 3 with one line for render --out on a file, and renders into a directory next", async () => {
    const file = join(dir, "a-file");
    expect(await exec(BIN, ["render", "--out", file])).toEqual({
      code: 3,
      stdout: "",
      stderr: `fleetwatch render: --out ${file}: is a file, not a directory: name a writable directory (it is created if missing) (usage: fleetwatch render [--stage S] --out DIR [--config FILE])\n`,
    });
    const next = await exec(BIN, ["render", "--out", join(dir, "rendered")]);
    expect(next.code, next.stderr).toBe(0);
  });

  it.each([
    [
      "scripts/plan.ts",
      "--jsn",
      "fleetwatch plan: Unknown option '--jsn' (usage: fleetwatch plan [--stage S] [--json] [--config FILE])\n",
    ],
    [
      "scripts/render.ts",
      "--outt",
      "fleetwatch render: Unknown option '--outt' (usage: fleetwatch render [--stage S] --out DIR [--config FILE])\n",
    ],
  ])("%s: a flag mistake is one line, exit 3; --help the usage on stdout", async (script, flag, stderr) => {
    expect(await exec(TSX, [script, flag])).toEqual({ code: 3, stdout: "", stderr });
    const help = await exec(TSX, [script, "--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^usage: fleetwatch (plan|render) /);
  });
});
