import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../packages/config/src/index.js";
import {
  EXPORTER_SELF_SERIES,
  NODE_EXPORTER_DEFAULT_COLLECTORS,
  PROMETHEUS_TARGET_SERIES,
  UNKNOWN_COLLECTOR_SERIES,
} from "../../../packages/monitoring/src/capacity/collectors.js";
import { type HostProfile, TYPICAL_EC2_HOST } from "../../../packages/monitoring/src/capacity/host.js";
import { enabledCollectors, instanceSeries } from "../../../packages/monitoring/src/capacity/series-model.js";

const bare: HostProfile = {
  cpus: 0,
  cpufreqCpus: 0,
  networkInterfaces: 0,
  disks: 0,
  nvmeControllers: 0,
  filesystems: 0,
  xfsFilesystems: 0,
  systemdUnits: 0,
};

describe("enabledCollectors", () => {
  it("returns node_exporter's defaults plus systemd for the default config", () => {
    const on = enabledCollectors(defaultConfig().nodeExporter);
    expect(on).toContain("systemd");
    expect(on).toHaveLength(NODE_EXPORTER_DEFAULT_COLLECTORS.length + 1);
  });

  it("adds enableCollectors and removes disableCollectors", () => {
    const on = enabledCollectors({
      ...defaultConfig().nodeExporter,
      enableCollectors: ["processes"],
      disableCollectors: ["xfs", "netclass"],
    });
    expect(on).toContain("processes");
    expect(on).not.toContain("systemd");
    expect(on).not.toContain("xfs");
    expect(on).not.toContain("netclass");
  });
});

describe("instanceSeries", () => {
  it.each([
    ["cpu", { cpus: 4 }, 40],
    ["softnet", { cpus: 4 }, 28],
    ["schedstat", { cpus: 2 }, 6],
    ["cpufreq", { cpus: 8 }, 0],
    ["cpufreq", { cpufreqCpus: 2 }, 16],
    ["diskstats", { disks: 3 }, 51],
    ["filesystem", { filesystems: 3 }, 21],
    ["netdev", { networkInterfaces: 2 }, 32],
    ["netclass", { networkInterfaces: 2 }, 32],
    ["nvme", { nvmeControllers: 2 }, 2],
    ["xfs", { xfsFilesystems: 1 }, 32],
    ["meminfo", {}, 54],
    ["systemd", { systemdUnits: 0 }, 0],
    ["systemd", { systemdUnits: 100 }, 547],
    ["systemd", { systemdUnits: 1 }, 13],
  ] as const)("counts %s on %j as %d series", (collector, dims, series) => {
    expect(instanceSeries([collector], { ...bare, ...dims }).collectors[collector]).toBe(series);
  });

  it("adds 2 scrape series per collector, the exporter's own series and Prometheus's per-target series", () => {
    const one = instanceSeries(["loadavg"], bare);
    expect(one.exporter).toBe(EXPORTER_SELF_SERIES + 2 + 3);
    expect(one.total).toBe(one.exporter + PROMETHEUS_TARGET_SERIES);
    expect(instanceSeries([], bare).total).toBe(EXPORTER_SELF_SERIES + PROMETHEUS_TARGET_SERIES);
  });

  it("counts an opt-in collector it does not know as a fixed guess", () => {
    expect(instanceSeries(["processes"], bare).collectors.processes).toBe(UNKNOWN_COLLECTOR_SERIES.fixed);
  });

  it("puts a typical EC2 instance with the default collectors between 1,000 and 1,600 series, systemd the most", () => {
    const typical = instanceSeries(enabledCollectors(defaultConfig().nodeExporter), TYPICAL_EC2_HOST);
    expect(typical.total).toBe(1323);
    const biggest = Object.entries(typical.collectors).sort((a, b) => b[1] - a[1])[0];
    expect(biggest).toEqual(["systemd", 763]);
    // job and NODE_TARGET_LABELS, account_id among them (a named member's targets carry `account` too).
    expect(typical.targetLabels).toBe(8);
  });
});
