import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";
import { writeFixture } from "@fleetwatch/devkit/file-bucket";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../support/http-server";
import { cli } from "./fake-io";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");

describe("fleetwatch audit", () => {
  let dir: string;
  const at = new Date(NOW).toISOString();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-cli-"));
    const healthy = new BucketFixture();
    rawBlocks(healthy, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    await writeFixture(join(dir, "healthy"), healthy);
    const warning = new BucketFixture();
    rawBlocks(warning, STREAM_A0, NOW - 11 * HOUR, NOW - 5 * HOUR);
    await writeFixture(join(dir, "warning"), warning);
    const critical = new BucketFixture();
    rawBlocks(critical, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    rawBlocks(critical, STREAM_A1, NOW - 30 * HOUR, NOW - 20 * HOUR);
    await writeFixture(join(dir, "critical"), critical);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  /** `fleetwatch audit` of the fixture `name` as of NOW, with `extra` flags. */
  const audit = (name: string, ...extra: string[]) =>
    cli(["audit", "--bucket", `file://${join(dir, name)}`, "--now", at, ...extra]);

  it.each([
    ["healthy", 0],
    ["warning", 1],
    ["critical", 2],
  ])("exits %s -> %i", async (name, code) => {
    const result = await cli(["audit", "--bucket", `file://${join(dir, name)}`, "--now", at]);
    expect(result.code).toBe(code);
    expect(result.stdout).toContain(`status: ${name.toUpperCase()}`);
  });

  it("prints JSON with findings and a summary", async () => {
    const result = await cli([
      "audit",
      "--bucket",
      `file://${join(dir, "critical")}`,
      "--now",
      at,
      "--format",
      "json",
    ]);
    const json = JSON.parse(result.stdout);
    expect(json.summary).toMatchObject({ status: "critical", streams: 2, findings: { critical: 1 } });
    expect(json.findings[0]).toEqual({
      id: "stream-stale",
      severity: "critical",
      subject: '{fleetwatch_group="default",prometheus_replica="1"}',
      evidence: expect.stringContaining("20h ago"),
      fix: expect.any(String),
    });
  });

  it("prints the Slack digest and writes report, payload and PNG with --out", async () => {
    const out = join(dir, "out");
    const result = await cli([
      "audit",
      "--bucket",
      `file://${join(dir, "warning")}`,
      "--now",
      at,
      "--format",
      "slack",
      "--out",
      out,
    ]);
    expect(JSON.parse(result.stdout).blocks[0].text.text).toBe("fleetwatch daily digest: warning");
    expect(JSON.parse(await readFile(join(out, "report.json"), "utf8")).summary.status).toBe("warning");
    const png = PNG.sync.read(await readFile(join(out, "timeline.png")));
    expect(png.width).toBeGreaterThan(800);
  });

  it("reads the compactor's /metrics with --compactor-url", async () => {
    const metrics = await startHttp((_req, _body, res) =>
      res.writeHead(200).end("thanos_compact_halted 1\nthanos_compact_iterations_total 5\n"),
    );
    try {
      const result = await cli([
        "audit",
        "--bucket",
        `file://${join(dir, "healthy")}`,
        "--now",
        at,
        "--format",
        "json",
        "--compactor-url",
        metrics.url,
      ]);
      const json = JSON.parse(result.stdout);
      expect(json.compactor.sources.metrics).toBe("ok");
      expect(json.findings.map((f: { id: string }) => f.id)).toEqual(["compactor-halted"]);
      expect(result.code).toBe(2);
    } finally {
      await metrics.close();
    }
  });

  it("exits 3 with one line naming the fix on a bad bucket URL", async () => {
    expect(await cli(["audit", "--bucket", "gs://nope"])).toEqual({
      code: 3,
      stdout: "",
      stderr:
        'fleetwatch audit: bucket "gs://nope": expected s3://bucket[/prefix] or file:///path/to/dir (`fleetwatch audit --help` lists the options)\n',
    });
  });

  it("exits 3 for a bucket the user must fix (a missing directory), the cause and its fix in one line", async () => {
    const missing = join(dir, "bucket-not-there-yet");
    const result = await cli(["audit", "--bucket", `file://${missing}`, "--format", "json"]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).findings.map((f: { id: string }) => f.id)).toContain(
      "source-unavailable",
    );
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(`^fleetwatch audit: ${missing}.*: the directory does not exist: check the file:// path`),
      ),
    ]);
    // Once the directory exists, the same command audits it (an empty bucket is a warning, not an access error).
    await mkdir(missing);
    const next = await cli(["audit", "--bucket", `file://${missing}`, "--format", "json"]);
    expect(next.code).toBe(1);
    expect(JSON.parse(next.stdout).findings.map((f: { id: string }) => f.id)).toContain("no-blocks");
  });

  it.each([
    ["1", '--now must be an ISO-8601 time with a zone like 2026-11-29T10:00:00Z, got "1"'],
    ["March 7", '--now must be an ISO-8601 time with a zone like 2026-11-29T10:00:00Z, got "March 7"'],
  ])("refuses --now %j in one line (exit 3), instead of judging as of another date", async (now, message) => {
    const result = await cli(["audit", "--bucket", `file://${join(dir, "healthy")}`, "--now", now]);
    expect(result).toEqual({
      code: 3,
      stdout: "",
      stderr: `fleetwatch audit: ${message} (\`fleetwatch audit --help\` lists the options)\n`,
    });
  });

  it("refuses --out on a file before auditing, in one line with exit 3", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    const result = await audit("healthy", "--out", file);
    expect(result).toEqual({
      code: 3,
      stdout: "",
      stderr: `fleetwatch audit: --out ${file}: is a file, not a directory: name a writable directory (it is created if missing) (\`fleetwatch audit --help\` lists the options)\n`,
    });
    // The next run with a directory writes its files.
    const next = await audit("healthy", "--out", join(dir, "o2"));
    expect(next.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, "o2", "report.json"), "utf8")).summary.status).toBe("healthy");
  });

  it("warns in one line when --cache cannot be written, and keeps the audit's exit code", async () => {
    const cache = join(dir, "no-such-dir", "cache.json");
    const result = await audit("warning", "--cache", cache);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("status: WARNING");
    expect(result.stderr).toMatch(
      new RegExp(
        `^fleetwatch audit: warning: --cache ${cache} not written \\(.*ENOENT.*\\): the next run reads every meta.json again\\n$`,
      ),
    );
  });

  it("runs as `npx fleetwatch` through the package bin", async () => {
    const bin = join(ROOT, "node_modules/.bin/fleetwatch");
    const error = await run(
      bin,
      ["audit", "--bucket", `file://${join(dir, "critical")}`, "--now", at, "--format", "json"],
      {
        cwd: ROOT,
        timeout: 60_000,
      },
    ).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(error.code).toBe(2);
    expect(JSON.parse(error.stdout).summary.status).toBe("critical");
  });
});

describe("fleetwatch help", () => {
  it.each([[["--help"]], [["-h"]], [["help"]]])(
    "prints the commands on stdout for %j, exit 0",
    async (argv) => {
      const result = await cli(argv);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toMatch(/^usage: fleetwatch <command> \.\.\./);
      expect(result.stdout).toContain("fleetwatch render [--stage S] --out DIR [--config FILE]");
    },
  );

  it.each([
    [["audit", "--help"], "usage: fleetwatch audit --bucket"],
    [["audit", "--bucket", "s3://b", "-h"], "usage: fleetwatch audit --bucket"],
    [["help", "audit"], "usage: fleetwatch audit --bucket"],
    [["plan", "--help"], "usage: fleetwatch plan [--stage S] [--json] [--config FILE]\n\n  --stage S"],
    [["help", "render"], "usage: fleetwatch render [--stage S] --out DIR [--config FILE]\n\n  --stage S"],
  ])("prints a verb's options on stdout for %j, exit 0", async (argv, start) => {
    const result = await cli(argv);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout.startsWith(start)).toBe(true);
    expect(result.stdout).toMatch(/exit code: .*3 usage/);
  });

  it("refuses help for an unknown command in one line", async () => {
    expect(await cli(["help", "deploy"])).toEqual({
      code: 3,
      stdout: "",
      stderr: 'fleetwatch help: unknown command "deploy": use one of audit, blocks, plan, render\n',
    });
  });

  it("prints the package's version with --version", async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, "packages/cli/package.json"), "utf8"));
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});
