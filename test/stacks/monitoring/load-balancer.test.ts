import type { AppRun } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { runStage } from "../../infra/harness";

const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

/** The health check path of each target group, by the container it forwards to. */
function healthPaths(run: AppRun): Record<string, unknown> {
  return Object.fromEntries(
    run.graph.ofType(TARGET_GROUP).map((t) => {
      const container = /Target(.+)HTTP\d+$/.exec(t.name)?.[1] ?? t.name;
      return [container, (t.inputs.healthCheck as { path?: unknown } | undefined)?.path];
    }),
  );
}

describe("the monitoring load balancer's targets, default config", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage("dev");
  });

  it("checks the Query Frontend's liveness (/-/healthy), not its readiness, which follows Query's", () => {
    expect(healthPaths(run)).toEqual({
      "thanos-query-frontend": "/-/healthy",
      "thanos-bucket-web": "/-/healthy",
      grafana: "/api/health",
    });
  });
});
