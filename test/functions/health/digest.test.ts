import { ONBOARDING_STATUS_KEY } from "@fleetwatch/state-layout";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARD_QUERIES } from "../../support/prometheus-api";
import { captureStdout, context, healthWorld, SECRET_PATH } from "./setup";

describe("functions/health/digest", () => {
  let world: Awaited<ReturnType<typeof healthWorld>>;
  let logged: ReturnType<typeof captureStdout>;
  beforeAll(async () => {
    world = await healthWorld(Date.now());
    world.s3.put(
      "state",
      ONBOARDING_STATUS_KEY,
      JSON.stringify({
        instancesByStatus: { installed: 12, none: 1 },
        generatedAt: "2026-11-21T06:00:00.000Z",
      }),
    );
    logged = captureStdout();
  });
  afterAll(async () => {
    logged.restore();
    await world.stop();
  });

  it("posts the Block Kit digest with a presigned PNG timeline, onboarding status and links", async () => {
    const { handler } = await import("../../../functions/health/digest");
    expect(await handler({}, context)).toEqual({ status: "critical", slack: "posted" });
    const png = world.s3.keys("state").find((k) => k.endsWith("/timeline.png")) as string;
    expect(png).toMatch(/^digests\/\d{4}-\d{2}-\d{2}\/timeline\.png$/);
    expect(world.s3.keys("state").some((k) => k.endsWith("/digest.json"))).toBe(true);
    const message = JSON.parse(world.slack.bodies[0] as string);
    const image = message.blocks.find((b: { type: string }) => b.type === "image");
    expect(image.image_url).toContain(`/state/${png}?`);
    expect(image.image_url).toContain("X-Amz-Signature=");
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("instances by status: installed: 12, none: 1; targets down: 1 of 3");
    expect(world.thanos.queries.map((q) => q.get("query")).sort()).toEqual(
      ['up{job="node"}', SHARD_QUERIES.headSeries, SHARD_QUERIES.residentBytes].sort(),
    );
    expect(world.thanos.queries.every((q) => q.get("dedup") === "true")).toBe(true);
    expect(text).toContain(
      "*Shards* :large_yellow_circle: 2 replicas, 1 under memory pressure, highest PrometheusWebS0A (group web, shard 0) at 83% of 4 GB (1.2M series)",
    );
    expect(text).toContain('add a shard (scrapeGroups[].shards of group \\"web\\": 2 to 3)');
    expect(text).toContain("<https://grafana.example|Grafana>");
    expect(text).toContain("metrics: ok");
    expect(text).not.toContain("*Discovery*");
    expect(logged.text()).not.toContain(SECRET_PATH);
  });

  it("shows a status file that does not validate as unknown with its reason, and counts again once rewritten", async () => {
    const { handler } = await import("../../../functions/health/digest");
    const posted = () => JSON.stringify(JSON.parse(world.slack.bodies.at(-1) as string).blocks);
    world.s3.put("state", ONBOARDING_STATUS_KEY, JSON.stringify({ instancesByStatus: { installed: "12" } }));
    expect(await handler({}, context)).toEqual({ status: "critical", slack: "posted" });
    expect(posted()).toContain(
      "instances by status: unknown: onboarding/status.json is not a valid status (instancesByStatus.installed: ",
    );
    expect(posted()).toContain("the next reconcile run rewrites it; targets down: 1 of 3");

    world.s3.put("state", ONBOARDING_STATUS_KEY, "{not json");
    expect(await handler({}, context)).toEqual({ status: "critical", slack: "posted" });
    expect(posted()).toContain(
      "instances by status: unknown: onboarding/status.json is not a valid status (not JSON",
    );

    world.s3.put(
      "state",
      ONBOARDING_STATUS_KEY,
      JSON.stringify({ instancesByStatus: { installed: 13 }, generatedAt: "2026-11-22T06:00:00.000Z" }),
    );
    expect(await handler({}, context)).toEqual({ status: "critical", slack: "posted" });
    expect(posted()).toContain("instances by status: installed: 13; targets down: 1 of 3");
  });
});
