import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../../packages/config/src/index.js";
import { enabledCollectors, instanceSeries } from "../../../packages/monitoring/src/capacity/series-model.js";
import { freePort, type RunningProcess, startProcess, waitFor } from "../processes.js";
import { thisHost } from "./this-host.js";

// Calibrates the series model against the real node_exporter of this machine: Debian's build, started with what
// the stack enables on top of the defaults (`--collector.systemd`; without a systemd bus, as in a container, that
// collector reports failure and no unit series, and the model is fed 0 units). The model is written for 1.9.x; the
// count of an older Debian build still has to be within 25%.

const HOST = "127.0.0.4";
const TOLERANCE = 0.25;

/** node_exporter as upstream names it, else as Debian does. */
function exporterBinary(): string {
  for (const name of ["node_exporter", "prometheus-node-exporter"])
    if (spawnSync(name, ["--version"], { timeout: 10_000 }).status === 0) return name;
  throw new Error("neither node_exporter nor prometheus-node-exporter is on PATH: run `npm run tools`");
}

/** Sample lines of an exposition: every line but comments and blanks. */
function seriesLines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

describe("the series model against the real node_exporter", () => {
  let exporter: RunningProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort(HOST);
    url = `http://${HOST}:${port}/metrics`;
    const collectors = defaultConfig().nodeExporter.enableCollectors.map((name) => `--collector.${name}`);
    exporter = startProcess("node_exporter", exporterBinary(), [
      `--web.listen-address=${HOST}:${port}`,
      ...collectors,
    ]);
  });

  afterAll(async () => {
    await exporter?.stop();
  });

  it("estimates this machine's series within 25% of what node_exporter exposes", async () => {
    const metrics = await waitFor(
      `node_exporter on ${url}`,
      15_000,
      async () => {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        return response.ok ? await response.text() : undefined;
      },
      () => exporter.log(),
    );
    const real = seriesLines(metrics).length;
    const host = thisHost();
    const model = instanceSeries(enabledCollectors(defaultConfig().nodeExporter), host);
    const failed = seriesLines(metrics)
      .filter((line) => line.startsWith("node_scrape_collector_success") && line.endsWith(" 0"))
      .map((line) => /collector="([^"]+)"/.exec(line)?.[1]);
    const context = `host ${JSON.stringify(host)}; real ${real}, model ${model.exporter}; collectors that failed here: ${failed.join(", ")}`;
    console.info(`node_exporter calibration: ${context}`);
    expect(real, context).toBeGreaterThan(100);
    expect(Math.abs(model.exporter - real) / real, context).toBeLessThanOrEqual(TOLERANCE);
  });

  it("stops node_exporter: nothing answers on its port afterwards", async () => {
    await exporter.stop();
    expect(exporter.child.exitCode !== null || exporter.child.signalCode !== null).toBe(true);
    await expect(fetch(url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
