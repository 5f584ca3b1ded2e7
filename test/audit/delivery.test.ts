import { afterDelivery, type Finding, findingKey, readCompletely, undelivered } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";

const f = (id: Finding["id"], subject: string, severity: Finding["severity"]): Finding => ({
  id,
  subject,
  severity,
  evidence: "e",
  fix: "f",
});
const keys = (list: Finding[]) => list.map(findingKey);
const state = (...delivered: Finding[]) => ({
  version: 1 as const,
  delivered: afterDelivery({}, { raised: delivered, resolved: [] }),
});

describe("undelivered", () => {
  it("raises what was not delivered or delivered less severe, and resolves what went away", () => {
    const change = undelivered(state(f("overlap", "A", "critical"), f("stream-stale", "s", "warning")), [
      f("stream-stale", "s", "critical"),
      f("partial-upload", "B", "warning"),
      f("no-compact-mark", "C", "info"),
    ]);
    expect(keys(change.raised)).toEqual(["stream-stale s", "partial-upload B"]);
    expect(keys(change.resolved)).toEqual(["overlap A"]);
  });

  it("does not raise a de-escalated finding again", () => {
    const change = undelivered(state(f("stream-stale", "s", "critical")), [
      f("stream-stale", "s", "warning"),
    ]);
    expect(change).toEqual({ raised: [], resolved: [] });
  });

  it.each([
    {
      sources: { ecs: "ok", metrics: "ok", bucket: "ok" },
      resolved: ["compactor-down compactor", "overlap A"],
    },
    { sources: { ecs: "ok", metrics: "ok", bucket: "unavailable" }, resolved: [] },
    { sources: { ecs: "unavailable", metrics: "ok", bucket: "ok" }, resolved: ["overlap A"] },
    {
      sources: { ecs: "not-configured", metrics: "ok", bucket: "ok" },
      resolved: ["compactor-down compactor", "overlap A"],
    },
  ] as const)("resolves only what a complete read found: $sources", ({ sources, resolved }) => {
    const before = state(f("compactor-down", "compactor", "critical"), f("overlap", "A", "critical"));
    expect(keys(undelivered(before, [], readCompletely(sources)).resolved)).toEqual(resolved);
  });

  it.each([
    { shards: "ok", resolved: ["shard-pressure S0A", "overlap A"] },
    { shards: "not-configured", resolved: ["shard-pressure S0A", "overlap A"] },
    { shards: "unavailable", resolved: ["overlap A"] },
  ] as const)(
    "resolves shard pressure only when Thanos was not unreadable: $shards",
    ({ shards, resolved }) => {
      const before = state(f("shard-pressure", "S0A", "warning"), f("overlap", "A", "critical"));
      const sources = { ecs: "ok", metrics: "ok", bucket: "ok" } as const;
      expect(keys(undelivered(before, [], readCompletely(sources, shards)).resolved)).toEqual(resolved);
    },
  );

  it.each([
    { discovery: "ok", resolved: ["discovery-refresh-failing MonitoringDiscoveryRefresh", "overlap A"] },
    {
      discovery: "not-configured",
      resolved: ["discovery-refresh-failing MonitoringDiscoveryRefresh", "overlap A"],
    },
    { discovery: "unavailable", resolved: ["overlap A"] },
  ] as const)(
    "resolves a failing discovery refresh only when its record was read: $discovery",
    ({ discovery, resolved }) => {
      const before = state(
        f("discovery-refresh-failing", "MonitoringDiscoveryRefresh", "warning"),
        f("overlap", "A", "critical"),
      );
      const sources = { ecs: "ok", metrics: "ok", bucket: "ok" } as const;
      expect(keys(undelivered(before, [], readCompletely(sources, "ok", discovery)).resolved)).toEqual(
        resolved,
      );
    },
  );
});
