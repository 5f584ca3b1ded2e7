import { type Instance, statusSummary, tagKeys } from "@fleetwatch/onboarding";
import { ONBOARDING_STATUS_KEY, parseOnboardingStatus } from "@fleetwatch/state-layout";
import { describe, expect, it } from "vitest";

const NOW = new Date("2026-11-21T06:00:00Z");
const running = (id: string, tags: Record<string, string>): Instance => ({
  id,
  region: "us-east-1",
  state: "running",
  launchTime: new Date("2026-11-01T00:00:00Z"),
  tags,
});

describe("parseOnboardingStatus", () => {
  it("accepts what the reconcile writes, as it wrote it", () => {
    const keys = tagKeys("fleetwatch:");
    const summary = statusSummary(
      [running("i-1", { [keys.status]: "installed" }), running("i-2", {})],
      [
        {
          id: "i-2",
          region: "us-east-1",
          kind: "refused",
          refusal: { operation: "ec2:CreateTags", code: "X", message: "no" },
        },
      ],
      keys,
      NOW,
      ["eu-west-1"],
    );
    expect(parseOnboardingStatus(JSON.stringify(summary))).toEqual({ ok: true, value: summary });
  });

  it("reads a file of an older reconcile without the lists, as empty lists", () => {
    const old = { instancesByStatus: { installed: 2 }, generatedAt: NOW.toISOString() };
    expect(parseOnboardingStatus(JSON.stringify(old))).toEqual({
      ok: true,
      value: { ...old, failedRegions: [], refused: [] },
    });
  });

  it("drops keys it does not know (a newer writer) instead of refusing the file", () => {
    const newer = { instancesByStatus: {}, generatedAt: NOW.toISOString(), accounts: 3 };
    expect(parseOnboardingStatus(JSON.stringify(newer))).toMatchObject({ ok: true });
  });

  it.each<[string, string, string]>([
    ["not JSON", "{", "not JSON"],
    ["JSON null", "null", "(root): "],
    [
      "a count that is a string",
      JSON.stringify({ instancesByStatus: { a: "1" }, generatedAt: NOW }),
      "instancesByStatus.a: ",
    ],
    ["no time", JSON.stringify({ instancesByStatus: {} }), "generatedAt: "],
    [
      "a refusal without its code",
      JSON.stringify({ instancesByStatus: {}, generatedAt: NOW, refused: [{ id: "i" }] }),
      "refused.0.region: ",
    ],
  ])("refuses %s in one line naming the key, where, and the fix", (_, text, where) => {
    const read = parseOnboardingStatus(text);
    expect(read.ok).toBe(false);
    const error = read.ok ? "" : read.error;
    expect(error).toContain(`${ONBOARDING_STATUS_KEY} is not a valid status (`);
    expect(error).toContain(where);
    expect(error).toContain("the next reconcile run rewrites it");
    expect(error).not.toContain("\n");
  });
});
