import { nextRefreshStatus } from "@fleetwatch/monitoring";
import {
  DISCOVERY_REFRESH_PERIOD_MINUTES,
  DISCOVERY_REFRESH_STALE_PERIODS,
  parseDiscoveryRefreshStatus,
} from "@fleetwatch/state-layout";
import { describe, expect, it } from "vitest";

const AT = new Date("2026-11-29T21:10:00.000Z");

describe("parseDiscoveryRefreshStatus", () => {
  it("accepts what the refresh writes, as it wrote it", () => {
    const written = nextRefreshStatus(
      undefined,
      { kind: "accounts-unavailable", version: "v1", error: "AccessDeniedException" },
      AT,
    );
    expect(parseDiscoveryRefreshStatus(JSON.stringify(written))).toEqual({ ok: true, value: written });
  });

  it("drops unknown keys, so a newer writer never blanks an older digest", () => {
    const text = JSON.stringify({ lastRunAt: AT.toISOString(), outcome: "unchanged", level: "ok", next: 1 });
    expect(parseDiscoveryRefreshStatus(text)).toEqual({
      ok: true,
      value: { lastRunAt: AT.toISOString(), outcome: "unchanged", level: "ok" },
    });
  });

  it.each([
    ["not JSON", "{", /\(not JSON \(/],
    [
      "a bad time",
      JSON.stringify({ lastRunAt: "yesterday", outcome: "unchanged", level: "ok" }),
      /\(lastRunAt: /,
    ],
    [
      "a bad level",
      JSON.stringify({ lastRunAt: AT.toISOString(), outcome: "x", level: "fine" }),
      /\(level: /,
    ],
    [
      "a negative count",
      JSON.stringify({ lastRunAt: AT.toISOString(), outcome: "x", level: "ok", memberAccounts: -1 }),
      /\(memberAccounts: /,
    ],
  ])("refuses %s with one line naming the key and what happens next", (_, text, why) => {
    const read = parseDiscoveryRefreshStatus(text);
    expect(read.ok).toBe(false);
    const error = read.ok ? "" : read.error;
    expect(error).toMatch(/^monitoring\/discovery-refresh\/status\.json is not a valid status /);
    expect(error).toMatch(why);
    expect(error).toMatch(/; the next refresh run rewrites it$/);
  });

  it("says the refresh runs every 10 minutes and is not running after 3 periods", () => {
    expect([DISCOVERY_REFRESH_PERIOD_MINUTES, DISCOVERY_REFRESH_STALE_PERIODS]).toEqual([10, 3]);
  });
});
