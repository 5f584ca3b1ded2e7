import type { AppRun } from "@fleetwatch/sst-offline";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { runProgram } from "../../infra/harness";
import { dependencyNames, ECS_SERVICE } from "./tasks";

describe("the update order of a group's replicas", () => {
  let run: AppRun;
  const captured = new Map<string, unknown>();
  beforeAll(async () => {
    run = await runProgram(
      "dev",
      async () => {
        pulumi.runtime.registerStackTransformation((args) => {
          if (args.type === ECS_SERVICE) captured.set(args.name, args.opts.dependsOn);
          return undefined;
        });
        const { createApp } = await import("../../../stacks");
        return createApp();
      },
      "two-groups.ts",
    );
  });

  it("updates each group's second replica only after the first, and waits for the first to be stable", async () => {
    expect(await dependencyNames(captured.get("PrometheusWebBService"))).toEqual([
      "MonitoringConfigPointer",
      "PrometheusWebAService",
    ]);
    expect(await dependencyNames(captured.get("PrometheusDataEuBService"))).toEqual([
      "MonitoringConfigPointer",
      "PrometheusDataEuAService",
    ]);
    expect(run.graph.one(ECS_SERVICE, "PrometheusWebAService").inputs.waitForSteadyState).toBe(true);
    expect(run.graph.one(ECS_SERVICE, "PrometheusDataEuAService").inputs.waitForSteadyState).toBe(true);
  });

  it("updates the second Ruler only after the first is stable again: never both replaced at once", async () => {
    expect(await dependencyNames(captured.get("ThanosRulerBService"))).toEqual([
      "MonitoringConfigPointer",
      "ThanosRulerAService",
    ]);
    expect(await dependencyNames(captured.get("ThanosRulerAService"))).toEqual(["MonitoringConfigPointer"]);
    expect(run.graph.one(ECS_SERVICE, "ThanosRulerAService").inputs.waitForSteadyState).toBe(true);
    expect(run.graph.one(ECS_SERVICE, "ThanosRulerBService").inputs.waitForSteadyState).toBe(true);
  });

  it("starts no service before its config version is uploaded, and orders nothing else", async () => {
    for (const name of [
      "PrometheusWebAService",
      "PrometheusDataEuAService",
      "ThanosCompactorService",
      "GrafanaService",
    ]) {
      expect(await dependencyNames(captured.get(name)), name).toEqual(["MonitoringConfigPointer"]);
    }
    expect(captured.size).toBe(13);
  });
});
