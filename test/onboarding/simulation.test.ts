import { MIN, TWO_REGIONS_TWO_GROUPS } from "@fleetwatch/devkit/fakes/settings";
import { type LaunchSpec, Simulation } from "@fleetwatch/devkit/fakes/simulation";
import { describe, expect, it } from "vitest";

const settings = TWO_REGIONS_TWO_GROUPS;

function launch(id: string, extra: Partial<LaunchSpec> = {}): LaunchSpec {
  return { id, region: "us-east-1", launchAtMs: 0, registersAfterMs: 30_000, ...extra };
}

describe("onboarding on the fake AWS", () => {
  it("installs and tags instances through late registration, duplicates, throttling and failures", async () => {
    const sim = new Simulation({
      seed: 7,
      settings,
      throttleRate: 0.1,
      duplicateRate: 0.5,
      maxDeliveryDelayMs: 30_000,
      reconcileAtMs: [40 * MIN, 70 * MIN, 100 * MIN, 130 * MIN],
      launches: [
        launch("i-00000000000000001"),
        launch("i-00000000000000002", { tags: { role: "web" }, region: "eu-west-1" }),
        launch("i-00000000000000003", { registersAfterMs: 8 * MIN }),
        launch("i-00000000000000004", { registersAfterMs: null }),
        launch("i-00000000000000005", { platform: "windows" }),
        launch("i-00000000000000006", { command: "Failed" }),
        launch("i-00000000000000007", { command: "TimedOut" }),
        launch("i-00000000000000008", { terminatesAfterMs: 40_000 }),
        launch("i-00000000000000009", { tags: { "fleetwatch:ignore": "true" } }),
        launch("i-0000000000000000a", { registersAfterMs: 25 * MIN }),
        launch("i-0000000000000000b", { optOutAfterMs: 10 * MIN }),
      ],
    });
    await sim.run(140 * MIN);
    const tags = (id: string) => sim.aws.tagsOf(`i-0000000000000000${id}`);
    expect(tags("1")).toMatchObject({
      "fleetwatch:scrape": "true",
      "fleetwatch:group": "default",
      "fleetwatch:status": "installed",
      "fleetwatch:node-exporter": "1.9.1",
    });
    expect(tags("2")).toMatchObject({ "fleetwatch:group": "web", "fleetwatch:status": "installed" });
    expect(tags("3")).toMatchObject({ "fleetwatch:status": "installed" });
    expect(tags("4")).toMatchObject({
      "fleetwatch:status": "unmanaged",
      "fleetwatch:reason": "ssm-not-registered",
    });
    expect(tags("5")).toMatchObject({ "fleetwatch:status": "skipped", "fleetwatch:reason": "windows" });
    expect(tags("6")).toMatchObject({
      "fleetwatch:status": "failed",
      "fleetwatch:reason": "command-failed",
      "fleetwatch:attempts": "2@1.9.1",
    });
    expect(tags("7")).toMatchObject({
      "fleetwatch:status": "failed",
      "fleetwatch:reason": "command-timed-out",
    });
    expect(tags("9")).toEqual({ "fleetwatch:ignore": "true" });
    // Registered after the 15-minute bound: unmanaged first, installed by the next reconcile.
    expect(tags("a")).toMatchObject({ "fleetwatch:status": "installed" });
    expect(tags("b")).toEqual({ "fleetwatch:ignore": "true" });
    expect(sim.aws.sent.get("i-00000000000000006")).toHaveLength(2);
    expect(sim.launchQueue.deadLetters).toEqual([]);
    expect(sim.resultQueue.deadLetters).toEqual([]);
    expect(sim.quiet).toBe(true);
  });
});
