import { afterEach, describe, expect, it, vi } from "vitest";
import { cli } from "./fake-io";

afterEach(() => {
  delete process.env.FLEETWATCH_CONFIG;
  vi.restoreAllMocks();
});

describe("fleetwatch plan: the capacity section", () => {
  // One app run per process (Pulumi and SST keep module state): this is the file's only plan.
  it("prints each group's series per shard, memory and fix, warns on the console too, and still ends with conformance", async () => {
    const warn = vi.spyOn(globalThis.console, "warn").mockImplementation(() => {});
    const result = await cli(["plan", "--config", "test/fixtures/configs/sharded.ts"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const at = lines.findIndex((line) => line.startsWith("Capacity per Prometheus shard"));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at, at + 7)).toEqual([
      "Capacity per Prometheus shard (hosts of 4 vCPUs, 2 interfaces, 1 disk, 4 filesystems, 140 systemd units; memory for a working set of at most 70% of the task):",
      '  bytes per series: 3000 (Brian Brazil, "Why does Prometheus use so much RAM?", robustperception.io: ~3kB per head series as of Prometheus 2.20)',
      "  web (6,000 instances, 3 shards): 2,200 instances x 1,323 series = 2,910,600 active series per shard",
      '    memory needed ~12.3 GB; tasks.prometheus 2 vCPU / 8 GB does NOT hold it; smallest that would: 5 shards or { cpu: "2 vCPU", memory: "13 GB" }',
      "  batch (200 instances, 1 shard): 200 instances x 1,323 series = 264,600 active series per shard",
      '    memory needed ~1.8 GB; tasks.prometheus 2 vCPU / 8 GB holds it with headroom; smallest that would: 1 shard or { cpu: "2 vCPU", memory: "4 GB" }',
      'warning: scrapeGroups[0]: 6,000 instances in 3 shards (2,200 in the fullest) x 1,323 series need ~12.3 GB per shard, tasks.prometheus has 8 GB. Fix: set scrapeGroups[0].shards to 5, or tasks.prometheus to { cpu: "2 vCPU", memory: "13 GB" }',
    ]);
    expect(lines.at(-1)).toMatch(/^conformance: \d+ checks, 0 problems$/);
    // The app itself (what `sst deploy` runs) reports the same warning on its console.
    expect(warn).toHaveBeenCalledWith(`fleetwatch: warning: ${lines[at + 6]?.replace(/^warning: /, "")}`);
  });
});
