import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureStdout, context, healthWorld, SECRET_PATH } from "./setup";

describe("functions/health/audit", () => {
  let world: Awaited<ReturnType<typeof healthWorld>>;
  let logged: ReturnType<typeof captureStdout>;
  beforeAll(async () => {
    world = await healthWorld(Date.now());
    logged = captureStdout();
  });
  afterAll(async () => {
    logged.restore();
    await world.stop();
  });

  it("stores the report, posts the change once, and never logs the webhook", async () => {
    const { handler } = await import("../../../functions/health/audit");
    const first = await handler({}, context);
    expect(first).toMatchObject({ status: "critical", slack: "posted" });
    expect(world.s3.keys("state")).toEqual(
      expect.arrayContaining([
        "reports/latest.json",
        "reports/delivered.json",
        "audit/cache.json.gz",
        first.storedAt,
      ]),
    );
    expect(world.slack.bodies).toHaveLength(1);
    expect(JSON.parse(world.slack.bodies[0] as string).text).toContain("fleetwatch critical");

    const second = await handler({}, context);
    expect(second.slack).toBe("unchanged");
    expect(world.slack.bodies).toHaveLength(1);
    expect(logged.text()).toContain('"message":"audit stored"');
    expect(logged.text()).not.toContain(SECRET_PATH);
  });

  it("stops reading near the Lambda's timeout and says so in Slack, resolving nothing", async () => {
    const { handler } = await import("../../../functions/health/audit");
    const short = { ...context, getRemainingTimeInMillis: () => 10_000 };
    const before = world.slack.bodies.length;
    const stopped = await handler({}, short);
    expect(stopped.slack).toBe("posted");
    const posted = world.slack.bodies.slice(before).join("\n");
    expect(posted).toContain("deadline");
    expect(posted).toContain("0 resolved");
    expect(posted).not.toContain("stream-missing");
  });
});
