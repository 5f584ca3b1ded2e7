import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { layoutTimeline, TIMELINE_COLORS } from "@fleetwatch/audit";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../support/http-server";
import { runProcess } from "../support/process";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");

describe("npm run demo", () => {
  let out: string;
  let stdout: string;
  let stderr: string;
  let slack: Awaited<ReturnType<typeof startHttp>>;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "fleetwatch-demo-out-"));
    slack = await startHttp((_req, _body, res) => res.writeHead(200).end("ok"));
    const args = ["scripts/demo.ts", "--out", out, "--slack-webhook", `${slack.url}/services/T/B/x`];
    ({ stdout, stderr } = await run(join(ROOT, "node_modules/.bin/tsx"), args, {
      cwd: ROOT,
      timeout: 120_000,
    }));
  });
  afterAll(async () => {
    await slack.close();
    await rm(out, { recursive: true, force: true });
  });

  it("finds exactly the four injected faults, with real promtool blocks in the bucket", async () => {
    expect(stderr).toMatch(/of them real TSDB blocks from promtool/);
    const report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
    const found = report.findings
      .map((f: { id: string; severity: string }) => `${f.id} ${f.severity}`)
      .sort();
    expect(found).toEqual([
      "deletion-overdue warning",
      "overlap critical",
      "partial-upload warning",
      "stream-stale critical",
    ]);
    // Two groups of two Prometheus replicas, and the Ruler pair.
    expect(report.summary).toMatchObject({ status: "critical", streams: 6 });
    expect(report.compactor.sources).toEqual({ ecs: "not-configured", metrics: "ok", bucket: "ok" });
    expect(stdout).toContain("status: CRITICAL");
  });

  it("says the report's block count in its summary line and its table", async () => {
    const report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
    const said = /bucket s3:\/\/\S+: (\d+) blocks, /.exec(stderr)?.[1];
    const table = /blocks: (\d+) /.exec(stdout)?.[1];
    expect(report.summary.blocks).toBeGreaterThan(0);
    expect([Number(said), Number(table)]).toEqual([report.summary.blocks, report.summary.blocks]);
  });

  it("writes the Slack digest and a PNG timeline", async () => {
    const slack = JSON.parse(await readFile(join(out, "slack.json"), "utf8"));
    expect(slack.blocks[0].text.text).toBe("fleetwatch daily digest: critical");
    const png = PNG.sync.read(await readFile(join(out, "timeline.png")));
    expect(png.width).toBeGreaterThan(1000);
    // The injected faults are drawn in the rows, not only in the legend above them.
    const { top } = layoutTimeline({ keys: [], unknownRow: false, now: 0, days: 14 });
    const drawn = (color: readonly number[]) => {
      for (let i = png.width * top * 4; i < png.data.length; i += 4)
        if (color.every((c, k) => png.data[i + k] === c)) return true;
      return false;
    };
    for (const kind of ["overlap", "partial-upload", "deletion-mark"] as const)
      expect(drawn(TIMELINE_COLORS[kind]), kind).toBe(true);
  });

  it("posts the digest to the webhook given with --slack-webhook", () => {
    expect(slack.bodies).toHaveLength(1);
    expect(JSON.parse(slack.bodies[0] as string).text).toMatch(/^fleetwatch digest: critical/);
    expect(stdout).toContain("posted the digest to Slack");
  });
});

/** Runs `tsx scripts/demo.ts <args>`; resolves with its exit code and output, whatever the code. */
const demo = (args: string[]) =>
  runProcess(join(ROOT, "node_modules/.bin/tsx"), ["scripts/demo.ts", ...args], 120_000);

describe("npm run demo's arguments", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-demo-args-"));
    await writeFile(join(dir, "a-file"), "x");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const usage = "(usage: npm run demo [-- --out DIR] [--slack-webhook https://hooks.slack.com/services/...])";

  it.each([
    [["--slak-webhook", "x"], "Unknown option '--slak-webhook'"],
    [["--out"], "Option '--out <value>' argument missing"],
    [
      ["--slack-webhook", "hooks.slack.com/x"],
      "--slack-webhook must be an http(s) URL of a Slack incoming webhook",
    ],
    [
      ["--out", "/proc/demo"],
      "--out /proc/demo: is under /proc: name a writable directory (it is created if missing)",
    ],
  ])("exits 3 with one line for %j, without a stack trace", async (args, message) => {
    expect(await demo(args)).toEqual({ code: 3, stdout: "", stderr: `demo: ${message} ${usage}\n` });
  });

  it("exits 3 with one line for --out on a file", async () => {
    const file = join(dir, "a-file");
    expect(await demo(["--out", file])).toEqual({
      code: 3,
      stdout: "",
      stderr: `demo: --out ${file}: is a file, not a directory: name a writable directory (it is created if missing) ${usage}\n`,
    });
  });

  it("prints its usage on stdout with --help", async () => {
    const result = await demo(["--help"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: npm run demo /);
  });

  it("says Slack's reason in one line when the webhook refuses the digest, after writing its files", async () => {
    const slack = await startHttp((_req, _body, res) => res.writeHead(404).end("no_service"));
    const out = join(dir, "refused");
    try {
      const result = await demo(["--out", out, "--slack-webhook", `${slack.url}/services/T/B/secret`]);
      expect(result.code).toBe(1);
      expect(result.stderr.split("\n").slice(-2)).toEqual([
        "demo: post to Slack webhook: HTTP 404 no_service: the report and files above are written",
        "",
      ]);
      expect(result.stderr).not.toContain("    at ");
      expect(JSON.parse(await readFile(join(out, "report.json"), "utf8")).summary.status).toBe("critical");
      expect(slack.bodies).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });
});
