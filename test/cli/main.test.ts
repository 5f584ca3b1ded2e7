import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "../support/blocks";
import { writeFixture } from "../support/file-bucket";
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

  it("exits 3 with the usage on a bad bucket URL", async () => {
    const result = await cli(["audit", "--bucket", "gs://nope"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("expected s3://bucket[/prefix] or file:///path/to/dir");
    expect(result.stderr).toContain("usage: fleetwatch audit");
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
