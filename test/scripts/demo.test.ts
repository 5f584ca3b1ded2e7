import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../support/http-server";

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
    expect(report.summary).toMatchObject({ status: "critical", streams: 4 });
    expect(report.compactor.sources).toEqual({ ecs: "not-configured", metrics: "ok", bucket: "ok" });
    expect(stdout).toContain("status: CRITICAL");
  });

  it("writes the Slack digest and a PNG timeline", async () => {
    const slack = JSON.parse(await readFile(join(out, "slack.json"), "utf8"));
    expect(slack.blocks[0].text.text).toBe("fleetwatch daily digest: critical");
    const png = PNG.sync.read(await readFile(join(out, "timeline.png")));
    expect(png.width).toBeGreaterThan(1000);
  });

  it("posts the digest to the webhook given with --slack-webhook", () => {
    expect(slack.bodies).toHaveLength(1);
    expect(JSON.parse(slack.bodies[0] as string).text).toMatch(/^fleetwatch digest: critical/);
    expect(stdout).toContain("posted the digest to Slack");
  });
});
