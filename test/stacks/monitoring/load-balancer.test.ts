import type { AppRun } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { runStage } from "../../infra/harness";
import { ECS_SERVICE } from "./tasks";

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

/** The health check grace period of every ECS service behind a load balancer, by service name. */
function gracePeriods(run: AppRun): Record<string, unknown> {
  return Object.fromEntries(
    run.graph
      .ofType(ECS_SERVICE)
      .filter((s) => ((s.inputs.loadBalancers as unknown[] | undefined) ?? []).length > 0)
      .map((s) => [String(s.inputs.name), s.inputs.healthCheckGracePeriodSeconds]),
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

  it("gives every load-balanced service a health check grace period, Grafana the time for its migrations", () => {
    const periods = gracePeriods(run);
    expect(Object.keys(periods).sort()).toEqual(["Grafana", "ThanosBucketWeb", "ThanosQueryFrontend"]);
    // access.healthCheckGracePeriod's defaults.
    expect(periods).toEqual({ Grafana: 300, ThanosQueryFrontend: 60, ThanosBucketWeb: 60 });
    // Only those: the other services rely on their containers' health check start period.
    const others = run.graph.ofType(ECS_SERVICE).filter((s) => !(String(s.inputs.name) in periods));
    expect(others.length).toBeGreaterThan(0);
    for (const service of others)
      expect(service.inputs.healthCheckGracePeriodSeconds, service.name).toBeUndefined();
  });
});

describe("the monitoring load balancer's targets with access.public", () => {
  it("gives the two public services their configured grace period (Bucket Web is not behind it)", async () => {
    const periods = gracePeriods(await runStage("dev", "public-access.ts"));
    expect(periods).toEqual({ Grafana: 600, ThanosQueryFrontend: 60 });
  });
});
