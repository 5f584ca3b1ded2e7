import { type Instance, type Outcome, statusSummary, tagKeys } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const keys = tagKeys("fleetwatch:");
const NOW = new Date("2026-11-21T06:00:00Z");

const instance = (
  id: string,
  tags: Record<string, string>,
  state: Instance["state"] = "running",
): Instance => ({
  id,
  region: "us-east-1",
  state,
  launchTime: new Date("2026-11-01T00:00:00Z"),
  tags,
});
const outcome = (id: string, kind: Outcome["kind"], detail?: string): Outcome => ({
  id,
  region: "us-east-1",
  kind,
  ...(detail ? { detail } : {}),
});

describe("statusSummary", () => {
  it.each<[string, Instance[], Outcome[], Record<string, number>]>([
    ["no instances", [], [], {}],
    ["untagged and not touched: none", [instance("i-1", {})], [outcome("i-1", "waiting")], { none: 1 }],
    [
      "the tag it was described with",
      [
        instance("i-1", { "fleetwatch:status": "installed" }),
        instance("i-2", { "fleetwatch:status": "failed" }),
      ],
      [outcome("i-1", "unchanged", "installed")],
      { installed: 1, failed: 1 },
    ],
    [
      "the status this pass wrote replaces the described one",
      [instance("i-1", {}), instance("i-2", { "fleetwatch:status": "installing" }), instance("i-3", {})],
      [
        outcome("i-1", "installing", "cmd-1"),
        outcome("i-2", "unmanaged"),
        { ...outcome("i-3", "marked"), status: "skipped", reason: "windows" },
      ],
      { installing: 1, unmanaged: 1, skipped: 1 },
    ],
    [
      "opted out counts as ignored, whatever its tags and outcome",
      [instance("i-1", { "fleetwatch:ignore": "TRUE", "fleetwatch:status": "installed" })],
      [outcome("i-1", "uninstalling", "cmd-2")],
      { ignored: 1 },
    ],
    [
      "an uninstall sent to an instance that left its group",
      [instance("i-1", { "fleetwatch:status": "installed" })],
      [outcome("i-1", "uninstalling", "cmd-3")],
      { uninstalling: 1 },
    ],
    [
      "gone or not running is left out",
      [instance("i-1", {}), instance("i-2", {}, "stopping")],
      [outcome("i-1", "gone", "not-running")],
      {},
    ],
    [
      "a throttled pass keeps the described status",
      [instance("i-1", { "fleetwatch:status": "failed" })],
      [outcome("i-1", "retry", "Rate exceeded")],
      { failed: 1 },
    ],
  ])("%s", (_, running, outcomes, expected) => {
    expect(statusSummary(running, outcomes, keys, NOW)).toEqual({
      instancesByStatus: expected,
      generatedAt: "2026-11-21T06:00:00.000Z",
      failedRegions: [],
      refused: [],
    });
  });

  it("lists the instances AWS refused, with the call and the code, and counts them by their tags", () => {
    const refused: Outcome = {
      ...outcome("i-1", "refused", "ec2:CreateTags failed: TagLimitExceeded: too many"),
      refusal: { operation: "ec2:CreateTags", code: "TagLimitExceeded", message: "too many" },
    };
    const summary = statusSummary([instance("i-1", {}), instance("i-2", {})], [refused], keys, NOW);
    expect(summary.refused).toEqual([
      { id: "i-1", region: "us-east-1", operation: "ec2:CreateTags", code: "TagLimitExceeded" },
    ]);
    expect(summary.instancesByStatus).toEqual({ none: 2 });
  });

  it("names the regions the pass could not read", () => {
    const summary = statusSummary([instance("i-1", {})], [], keys, NOW, ["eu-west-1"]);
    expect(summary).toMatchObject({ instancesByStatus: { none: 1 }, failedRegions: ["eu-west-1"] });
  });

  it("uses the configured tag prefix", () => {
    const summary = statusSummary([instance("i-1", { "ops/status": "installed" })], [], tagKeys("ops/"), NOW);
    expect(summary.instancesByStatus).toEqual({ installed: 1 });
  });
});
