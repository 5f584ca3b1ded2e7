import { runApp } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";
import { ROOT } from "../infra/harness";

describe("the whole app as sst deploy runs it, conformance enforced", () => {
  it("creates every resource: none is stopped by the per-resource check", async () => {
    delete process.env.FLEETWATCH_CONFIG;
    const run = await runApp({
      root: ROOT,
      stage: "production",
      conformance: "enforce",
      secrets: { SlackWebhookUrl: "https://hooks.slack.invalid/test", GrafanaAdminPassword: "test-password" },
    });
    expect(run.graph.cloud.length).toBeGreaterThan(200);
    expect(run.graph.ofType("aws:lambda/eventSourceMapping:EventSourceMapping")).toHaveLength(3);
  });
});
