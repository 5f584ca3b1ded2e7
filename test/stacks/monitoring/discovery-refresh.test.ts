import { parseRenderInput, refreshDiscovery } from "@fleetwatch/monitoring";
import type { AppRun } from "@fleetwatch/sst-offline";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { DISCOVERY_REFRESH_RATE } from "../../../stacks/monitoring/discovery-refresh";
import { runProgram, runStage } from "../../infra/harness";
import { BUCKET_OBJECT, dependencyNames, statementsOf, uploadedTree } from "./tasks";

// The discovery refresh in the stack: Organization mode only, scheduled, granted the rendered config's prefix and
// the Organizations listings; the render input the deploy stores renders the deploy's own version again.

const FUNCTION = "aws:lambda/function:Function";
const SCHEDULE = "aws:scheduler/schedule:Schedule";

const renderInputObject = (run: AppRun) =>
  run.graph.ofType(BUCKET_OBJECT).filter((o) => String(o.inputs.key).endsWith("/render-input.json"));

describe("the two-unit Organization app", () => {
  let run: AppRun;
  let pointerDependsOn: unknown;
  beforeAll(async () => {
    run = await runProgram(
      "production",
      async () => {
        pulumi.runtime.registerStackTransformation((args) => {
          if (args.name === "MonitoringConfigPointer") pointerDependsOn = args.opts.dependsOn;
          return undefined;
        });
        const { createApp } = await import("../../../stacks");
        return createApp();
      },
      "two-units.ts",
    );
  });

  it("runs the refresh every 10 minutes", () => {
    expect(run.graph.one(FUNCTION, "MonitoringDiscoveryRefreshFunction").inputs.handler).toMatch(
      /discovery-refresh\.handler$/,
    );
    expect(DISCOVERY_REFRESH_RATE).toBe("10 minutes");
    expect(
      run.graph.one(SCHEDULE, "MonitoringDiscoveryRefreshScheduleSchedule").inputs.scheduleExpression,
    ).toBe("rate(10 minutes)");
  });

  it("grants it the rendered config's prefix and its status record's folder of the state bucket and the Organizations listings, nothing else", () => {
    const statements = statementsOf(run, "MonitoringDiscoveryRefreshRole");
    const actions = statements.flatMap((s) => [s.Action].flat().map(String)).sort();
    expect(actions).toEqual(
      expect.arrayContaining([
        "organizations:ListAccountsForParent",
        "organizations:ListOrganizationalUnitsForParent",
        "s3:GetObject",
        "s3:PutObject",
      ]),
    );
    expect(
      actions.filter((a) => !/^(organizations:List|s3:(GetObject|PutObject|ListBucket)$)/.test(a)),
    ).toEqual([]);
    const objectResources = statements
      .filter((s) => [s.Action].flat().some((a) => a === "s3:PutObject" || a === "s3:GetObject"))
      .flatMap((s) => [s.Resource].flat().map(String));
    expect(objectResources.length).toBeGreaterThan(0);
    expect(objectResources.filter((r) => !r.endsWith("/config/*"))).toEqual([
      expect.stringMatching(/\/monitoring\/discovery-refresh\/\*$/),
    ]);
  });

  it("stores the render input beside the version, before the pointer, and it renders the deploy's version again", async () => {
    const [object] = renderInputObject(run);
    const version = String(run.outputs.configVersion);
    expect(object?.inputs.key).toBe(`config/${version}/render-input.json`);
    expect(await dependencyNames(pointerDependsOn)).toContain("MonitoringConfigRenderInput");
    const input = parseRenderInput(String(object?.inputs.content), "the plan");
    const accounts = (run.outputs.memberAccounts as { id: string; name?: string }[]).map((a) => ({
      ...a,
      state: "ACTIVE",
    }));
    expect(refreshDiscovery(input, version, [...accounts].reverse())).toMatchObject({
      kind: "unchanged",
      version,
    });
    expect(Object.keys(uploadedTree(run))).toContain("render-input.json");
  });
});

describe("apps without Organization units", () => {
  it.each([["member-accounts.ts"], ["minimal.ts"]])(
    "%s has no refresh and no render input",
    async (fixture) => {
      const run = await runStage("dev", fixture);
      expect(
        run.graph.ofType(FUNCTION).filter((f) => f.name.startsWith("MonitoringDiscoveryRefresh")),
      ).toEqual([]);
      expect(
        run.graph.ofType(SCHEDULE).filter((s) => s.name.startsWith("MonitoringDiscoveryRefresh")),
      ).toEqual([]);
      expect(renderInputObject(run)).toEqual([]);
    },
  );
});
