import type { AppRun, PolicyDocument, RecordedResource } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";
import { logRetention } from "../../stacks/defaults";
import { runProgram, runStage } from "../infra/harness";

describe("logRetention", () => {
  it.each([
    [1, "1 day"],
    [30, "1 month"],
    [3653, "10 years"],
  ])("names %i days %s", (days, name) => {
    expect(logRetention(days)).toBe(name);
  });

  it("refuses a count CloudWatch does not allow", () => {
    expect(() => logRetention(31)).toThrow("log retention of 31 days is not one CloudWatch allows");
  });
});

describe("applyFunctionDefaults", () => {
  it("gives every Lambda nodejs24.x on arm64 and the configured log retention", async () => {
    const run = await runProgram("dev", async () => {
      const { applyFunctionDefaults } = await import("../../stacks/defaults");
      const { stageConfig } = await import("../../stacks/config");
      applyFunctionDefaults(await stageConfig("dev"));
      new sst.aws.Function("Probe", { handler: "test/fixtures/functions/probe.handler" });
      return {};
    });
    const fn = run.graph.one("aws:lambda/function:Function");
    expect(fn.inputs).toMatchObject({ runtime: "nodejs24.x", architectures: ["arm64"] });
    expect(fn.inputs.loggingConfig).toMatchObject({ logFormat: "JSON" });
    expect(run.graph.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(30);
  });
});

const LAMBDA_FUNCTION = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const ACCOUNT_ROOT_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["sts:AssumeRole"],
      Principal: { Service: ["lambda.amazonaws.com"], AWS: ["arn:aws:iam::123456789012:root"] },
    },
  ],
});

/** A trust policy (a JSON string or a document) as `type:identifier` of every principal it allows to assume. */
function trustedPrincipals(policy: unknown): string[] {
  const document = (typeof policy === "string" ? JSON.parse(policy) : policy) as PolicyDocument;
  return document.Statement.filter((s) => s.Effect === "Allow")
    .flatMap((s) => Object.entries(s.Principal === "*" ? { "*": ["*"] } : (s.Principal ?? {})))
    .flatMap(([type, ids]) => [ids].flat().map((id) => `${type}:${String(id)}`))
    .sort();
}

/** The role each Lambda of a run executes as, by the function's logical name. */
function lambdaRoles(run: AppRun): Map<string, RecordedResource> {
  const roles = run.graph.ofType(ROLE);
  return new Map(
    run.graph.ofType(LAMBDA_FUNCTION).map((fn) => {
      const role = roles.find((r) => String(fn.inputs.role).endsWith(`:role/${String(r.inputs.name)}`));
      if (!role) throw new Error(`no role found for ${fn.name} (${String(fn.inputs.role)})`);
      return [fn.name, role];
    }),
  );
}

describe("the Lambda roles' trust policy", () => {
  it.each(["dev", "production"])("trusts only lambda.amazonaws.com on stage %s", async (stage) => {
    const roles = lambdaRoles(await runStage(stage));
    // The audit, the digest, the two queue consumers, the reconcile's coordinator and worker, the rollout check.
    expect(roles.size).toBe(7);
    for (const [fn, role] of roles)
      expect(trustedPrincipals(role.inputs.assumeRolePolicy), `${fn}: ${role.name}`).toEqual([
        "Service:lambda.amazonaws.com",
      ]);
  });

  it("keeps a function's own role transform, function or object, and still trusts only Lambda", async () => {
    const run = await runProgram("dev", async () => {
      const { applyFunctionDefaults } = await import("../../stacks/defaults");
      const { stageConfig } = await import("../../stacks/config");
      applyFunctionDefaults(await stageConfig("dev"));
      const handler = "test/fixtures/functions/probe.handler";
      new sst.aws.Function("ProbeA", {
        handler,
        transform: {
          role: (args) => {
            args.maxSessionDuration = 7200;
          },
        },
      });
      new sst.aws.Function("ProbeB", { handler, transform: { role: { description: "probe b" } } });
      return {};
    });
    const a = run.graph.one(ROLE, "ProbeARole").inputs;
    const b = run.graph.one(ROLE, "ProbeBRole").inputs;
    expect(a.maxSessionDuration).toBe(7200);
    expect(b.description).toBe("probe b");
    for (const role of [a, b])
      expect(trustedPrincipals(role.assumeRolePolicy)).toEqual(["Service:lambda.amazonaws.com"]);
  });

  it("leaves SST's trust policy (the account root for the local bridge) to a function live in sst dev", async () => {
    const run = await runProgram("dev", async () => {
      const { lambdaOnlyTrust } = await import("../../stacks/defaults");
      const g = globalThis as unknown as { $dev: boolean };
      const roles: Record<string, aws.iam.RoleArgs> = {
        Live: { assumeRolePolicy: ACCOUNT_ROOT_TRUST },
        NotLive: { assumeRolePolicy: ACCOUNT_ROOT_TRUST },
        Deployed: { assumeRolePolicy: ACCOUNT_ROOT_TRUST },
      };
      g.$dev = true;
      try {
        lambdaOnlyTrust({})(roles.Live as aws.iam.RoleArgs, {}, "Live");
        lambdaOnlyTrust({ dev: false })(roles.NotLive as aws.iam.RoleArgs, {}, "NotLive");
      } finally {
        g.$dev = false;
      }
      lambdaOnlyTrust({})(roles.Deployed as aws.iam.RoleArgs, {}, "Deployed");
      for (const [name, args] of Object.entries(roles)) new aws.iam.Role(name, args);
      return {};
    });
    const principals = (name: string) => trustedPrincipals(run.graph.one(ROLE, name).inputs.assumeRolePolicy);
    expect(principals("Live")).toEqual([
      "AWS:arn:aws:iam::123456789012:root",
      "Service:lambda.amazonaws.com",
    ]);
    expect(principals("NotLive")).toEqual(["Service:lambda.amazonaws.com"]);
    expect(principals("Deployed")).toEqual(["Service:lambda.amazonaws.com"]);
  });
});
