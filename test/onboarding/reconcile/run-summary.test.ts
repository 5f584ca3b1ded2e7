import {
  mergeRun,
  newRun,
  type StatusPart,
  type StatusSummary,
  scopeStates,
  supersedes,
} from "@fleetwatch/onboarding";
import type { PartName } from "@fleetwatch/state-layout";
import { describe, expect, it } from "vitest";

const NOW = new Date("2026-11-21T09:10:00Z");
const run = newRun("schedule", ["us-east-1", "eu-west-1"], new Date("2026-11-21T09:00:00Z"));
const part = (
  scope: string,
  page: number,
  kind: PartName["kind"],
  byStatus: Record<string, number> = {},
): StatusPart => ({
  runId: run.id,
  scope,
  page,
  kind,
  instancesByStatus: byStatus,
});

describe("scopeStates", () => {
  it.each([
    ["no part yet", [], "pending"],
    ["pages without the last", [part("us-east-1", 0, "page")], "pending"],
    ["the last page before an earlier one (out of order)", [part("us-east-1", 1, "last")], "pending"],
    [
      "the last page and every one before it",
      [part("us-east-1", 0, "page"), part("us-east-1", 1, "last")],
      "complete",
    ],
    ["a page given up", [part("us-east-1", 0, "page"), part("us-east-1", 1, "failed")], "failed"],
  ] as const)("%s: %s", (_, parts, state) => {
    expect(scopeStates(run, parts).find((s) => s.scope === "us-east-1")?.state).toBe(state);
  });

  it("ignores parts of another run", () => {
    const other = { ...part("us-east-1", 0, "last"), runId: "2026-11-21T08:30:00.000Z-schedule" };
    expect(scopeStates(run, [other])[0]?.state).toBe("pending");
  });
});

describe("mergeRun", () => {
  const parts = [
    part("us-east-1", 0, "page", { installed: 900, none: 100 }),
    part("us-east-1", 1, "last", { installed: 10 }),
    part("us-east-1", 1, "last", { installed: 10 }),
    part("eu-west-1", 0, "page", { installed: 500 }),
  ];

  it("counts complete regions only, once per page, and names the missing ones: partial, not a smaller fleet", () => {
    const summary = mergeRun(run, scopeStates(run, parts), parts, NOW);
    expect(summary).toEqual({
      instancesByStatus: { installed: 910, none: 100 },
      generatedAt: NOW.toISOString(),
      failedRegions: [],
      refused: [],
      runId: run.id,
      pendingRegions: ["eu-west-1"],
      partial: true,
    });
  });

  it("is whole once every region settled; a failed region is named and left out", () => {
    const all = [...parts, part("eu-west-1", 1, "failed")];
    const summary = mergeRun(run, scopeStates(run, all), all, NOW);
    expect(summary).toMatchObject({
      instancesByStatus: { installed: 910 },
      failedRegions: ["eu-west-1"],
      pendingRegions: [],
      partial: true,
    });
    const whole = [...parts, part("eu-west-1", 1, "last", { installed: 1 })];
    expect(mergeRun(run, scopeStates(run, whole), whole, NOW)).toMatchObject({
      instancesByStatus: { installed: 1411, none: 100 },
      partial: false,
    });
  });
});

describe("supersedes", () => {
  const older = {
    instancesByStatus: {},
    generatedAt: "",
    failedRegions: [],
    refused: [],
    runId: "2026-11-21T08:30:00.000Z-schedule",
  };
  const mine = { ...older, runId: run.id, pendingRegions: ["eu-west-1"] };
  it.each([
    ["nothing published", mine, undefined, true],
    ["a summary without a run id (before paging)", mine, { ...older, runId: undefined }, true],
    ["an older run", mine, older, true],
    ["a newer run", older, mine, false],
    ["the same run with more regions settled", mine, { ...mine, pendingRegions: [] }, false],
    ["the same run with as many settled", mine, mine, true],
  ] as [string, StatusSummary, StatusSummary | undefined, boolean][])(
    "%s: %s",
    (_, summary, current, expected) => {
      expect(supersedes(summary, current)).toBe(expected);
    },
  );
});
