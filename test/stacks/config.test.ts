import { type FleetwatchConfig, resolveConfig } from "@fleetwatch/config";
import { describe, expect, it } from "vitest";
import { configWarnings, reportConfigWarnings } from "../../stacks/config";
import sharded from "../fixtures/configs/sharded";

const resolved = (config: FleetwatchConfig) => resolveConfig(config, "dev");

describe("configWarnings", () => {
  it("warns in one line naming the key and the fix when a group's shards outgrow tasks.prometheus", () => {
    expect(configWarnings(resolved(sharded))).toEqual([
      'scrapeGroups[0]: 6,000 instances in 3 shards (2,200 in the fullest) x 1,323 series need ~12.3 GB per shard, tasks.prometheus has 8 GB. Fix: set scrapeGroups[0].shards to 5, or tasks.prometheus to { cpu: "2 vCPU", memory: "13 GB" }',
    ]);
  });

  it.each([
    ["the suggested shards", { scrapeGroups: [{ ...sharded.scrapeGroups?.[0], name: "web", shards: 5 }] }],
    ["the suggested size", { tasks: { prometheus: { cpu: "2 vCPU", memory: "13 GB", storage: "50 GB" } } }],
  ] as const)("says nothing once the config takes %s", (_, change) => {
    expect(configWarnings(resolved({ ...sharded, ...change } as FleetwatchConfig))).toEqual([]);
  });

  it("says nothing for groups without expectedInstances (nothing to size)", () => {
    expect(
      configWarnings(resolved({ homeRegion: "us-east-1", scrapeGroups: [{ name: "web", shards: 1 }] })),
    ).toEqual([]);
  });

  it("names a group without a fix up to 16 shards or Fargate's largest task, and only that group", () => {
    const warnings = configWarnings(
      resolved({
        homeRegion: "us-east-1",
        scrapeGroups: [
          { name: "small", expectedInstances: 10 },
          { name: "huge", expectedInstances: 1_000_000 },
        ],
      }),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^scrapeGroups\[1\]: 1,000,000 instances x 1,323 series need ~\d+\.\d GB per shard/,
    );
    expect(warnings[0]).toContain(
      "Fix: split scrapeGroups[1]'s instances into more scrape groups (no shard count up to 16 and no Fargate size holds them)",
    );
  });
});

describe("reportConfigWarnings", () => {
  it("writes each warning as a console line prefixed fleetwatch: warning:", () => {
    const lines: string[] = [];
    reportConfigWarnings(resolved(sharded), (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fleetwatch: warning: scrapeGroups\[0\]: 6,000 instances/);
  });
});
