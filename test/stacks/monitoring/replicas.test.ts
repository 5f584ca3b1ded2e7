import type { AppRun } from "@fleetwatch/sst-offline";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { runProgram } from "../../infra/harness";
import { dependencyNames, ECS_SERVICE } from "./tasks";

/** Runs the app on a config fixture, capturing each ECS service's `dependsOn`. */
function runCapturing(fixture: string, captured: Map<string, unknown>): Promise<AppRun> {
  return runProgram(
    "dev",
    async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        if (args.type === ECS_SERVICE) captured.set(args.name, args.opts.dependsOn);
        return undefined;
      });
      const { createApp } = await import("../../../stacks");
      return createApp();
    },
    fixture,
  );
}

describe("the update order of a group's replicas", () => {
  let run: AppRun;
  const captured = new Map<string, unknown>();
  beforeAll(async () => {
    run = await runCapturing("two-groups.ts", captured);
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

describe("the update order of a sharded group", () => {
  const captured = new Map<string, unknown>();
  let run: AppRun;
  beforeAll(async () => {
    run = await runCapturing("sharded.ts", captured);
  });

  it("runs shards x replicas services and rolls them one at a time, shard after shard", async () => {
    const chain = ["S0A", "S0B", "S1A", "S1B", "S2A", "S2B"].map((s) => `PrometheusWeb${s}Service`);
    for (const name of chain) expect(run.graph.one(ECS_SERVICE, name).inputs.waitForSteadyState).toBe(true);
    expect(await dependencyNames(captured.get(chain[0] as string))).toEqual(["MonitoringConfigPointer"]);
    for (let i = 1; i < chain.length; i++) {
      expect(await dependencyNames(captured.get(chain[i] as string)), chain[i]).toEqual(
        ["MonitoringConfigPointer", chain[i - 1]].sort(),
      );
    }
    expect(await dependencyNames(captured.get("PrometheusBatchBService"))).toEqual([
      "MonitoringConfigPointer",
      "PrometheusBatchAService",
    ]);
  });
});
