import { ROLLOUT_CLUSTER_ENV } from "@fleetwatch/audit";
import type { AppRun } from "@fleetwatch/sst-offline";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { runProgram } from "../../infra/harness";
import { dependencyNames, ECS_SERVICE, serviceNames, TASK_DEFINITION } from "./tasks";

const INVOCATION = "aws:lambda/invocation:Invocation";
const FUNCTION = "aws:lambda/function:Function";

describe("deploys that tell the truth", () => {
  let run: AppRun;
  let checkDependsOn: unknown;
  beforeAll(async () => {
    run = await runProgram(
      "dev",
      async () => {
        pulumi.runtime.registerStackTransformation((args) => {
          if (args.type === INVOCATION && args.name === "MonitoringRolloutCheckAfterDeploy")
            checkDependsOn = args.opts.dependsOn;
          return undefined;
        });
        const { createApp } = await import("../../../stacks");
        return createApp();
      },
      "two-groups.ts",
    );
  });

  it("waits for every service's steady state, with the circuit breaker rolling back a failed deployment", () => {
    const services = run.graph.ofType(ECS_SERVICE);
    expect(services.length).toBe(13);
    for (const service of services) {
      expect(service.inputs.waitForSteadyState, service.name).toBe(true);
      expect(service.inputs.deploymentCircuitBreaker, service.name).toEqual({ enable: true, rollback: true });
    }
  });

  it("checks after every service's deploy that each runs the task definition this deploy registered", async () => {
    const check = run.graph.one(INVOCATION, "MonitoringRolloutCheckAfterDeploy");
    const input = JSON.parse(String(check.inputs.input)) as {
      services: { service: string; taskDefinition: string }[];
    };
    expect(input.services.map((s) => s.service).sort()).toEqual(serviceNames(run).sort());
    const arns = new Set(run.graph.ofType(TASK_DEFINITION).map((t) => String(t.inputs.family)));
    for (const { service, taskDefinition } of input.services) {
      const family = taskDefinition.split("/").at(-1)?.split(":")[0] ?? "";
      expect(arns.has(family), `${service}: ${taskDefinition}`).toBe(true);
      expect(family.endsWith(`-${service}`), `${service}: ${taskDefinition}`).toBe(true);
    }
    expect(await dependencyNames(checkDependsOn)).toEqual(
      serviceNames(run)
        .map((name) => `${name}Service`)
        .sort(),
    );
  });

  it("tells the check its cluster and invokes that function", () => {
    const fn = run.graph.one(FUNCTION, "MonitoringRolloutCheckFunction");
    const cluster = run.graph.one("aws:ecs/cluster:Cluster", "MonitoringClusterCluster");
    const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables[ROLLOUT_CLUSTER_ENV]).toBe(String(cluster.inputs.name));
    const check = run.graph.one(INVOCATION, "MonitoringRolloutCheckAfterDeploy");
    expect(String(check.inputs.functionName)).toBe(String(fn?.inputs.name));
  });
});
