import { DISCOVERY_REFRESH_STATUS_KEY } from "@fleetwatch/state-layout";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureStdout, context, healthWorld } from "./setup";

// Organization mode: the stack sets FLEETWATCH_DISCOVERY_REFRESH and the digest reports the refresh's record.

describe("functions/health/digest in Organization mode", () => {
  let world: Awaited<ReturnType<typeof healthWorld>>;
  let logged: ReturnType<typeof captureStdout>;
  const now = Date.now();
  const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
  beforeAll(async () => {
    world = await healthWorld(now);
    process.env.FLEETWATCH_DISCOVERY_REFRESH = "true";
    logged = captureStdout();
  });
  afterAll(async () => {
    delete process.env.FLEETWATCH_DISCOVERY_REFRESH;
    logged.restore();
    await world.stop();
  });
  const discovery = async () => {
    const { handler } = await import("../../../functions/health/digest");
    expect(await handler({}, context)).toEqual({ status: "critical", slack: "posted" });
    const message = JSON.parse(world.slack.bodies.at(-1) as string);
    return message.blocks
      .flatMap((b: { type: string; text?: { text: string } }) => (b.type === "section" ? [b.text?.text] : []))
      .filter((t: string) => t.startsWith("*Discovery*"));
  };

  it("says unknown while the refresh has recorded no run, then what a malformed record is", async () => {
    expect(await discovery()).toEqual([
      `*Discovery* unknown (no ${DISCOVERY_REFRESH_STATUS_KEY}: the discovery refresh has never recorded a run; check MonitoringDiscoveryRefresh)`,
    ]);
    world.s3.put("state", DISCOVERY_REFRESH_STATUS_KEY, "{not json");
    const [line] = await discovery();
    expect(line).toMatch(
      /^\*Discovery\* unknown \(monitoring\/discovery-refresh\/status\.json is not a valid status \(not JSON .*; the next refresh run rewrites it\)$/,
    );
  });

  it("says since when the refresh fails, and that it follows the units again once a run succeeded", async () => {
    world.s3.put(
      "state",
      DISCOVERY_REFRESH_STATUS_KEY,
      JSON.stringify({
        lastRunAt: minutesAgo(2),
        outcome: "accounts-unavailable",
        level: "problem",
        problem: "AwsCallError: organizations:ListAccountsForParent AccessDeniedException",
        units: ["ou-ab12-cdef3456"],
        lastSuccessAt: "2026-11-29T21:00:00.000Z",
        memberAccounts: 3,
        failingSince: "2026-11-29T21:10:00.000Z",
      }),
    );
    const [failing] = await discovery();
    expect(world.slack.bodies.at(-1)).toContain("discovery-refresh-failing");
    expect(failing).toContain(
      "*Discovery* :red_circle: not following the units since 2026-11-29 21:10 UTC (accounts-unavailable: AwsCallError: organizations:ListAccountsForParent AccessDeniedException): scraping covers the accounts of 2026-11-29 21:00 UTC; fix: ",
    );
    world.s3.put(
      "state",
      DISCOVERY_REFRESH_STATUS_KEY,
      JSON.stringify({
        lastRunAt: minutesAgo(4),
        outcome: "refreshed",
        level: "ok",
        units: ["ou-ab12-cdef3456"],
        lastSuccessAt: minutesAgo(4),
        memberAccounts: 4,
      }),
    );
    expect(await discovery()).toEqual([
      "*Discovery* following ou-ab12-cdef3456: 4 member accounts, checked 4m ago",
    ]);
  });

  it("says the refresh is not running when its last run is older than three periods", async () => {
    world.s3.put(
      "state",
      DISCOVERY_REFRESH_STATUS_KEY,
      JSON.stringify({
        lastRunAt: minutesAgo(45),
        outcome: "unchanged",
        level: "ok",
        lastSuccessAt: minutesAgo(45),
        memberAccounts: 4,
      }),
    );
    const [line] = await discovery();
    expect(line).toMatch(
      /^\*Discovery\* :red_circle: not running: last run .* \(45m ago, expected every 10m\)/,
    );
  });
});
