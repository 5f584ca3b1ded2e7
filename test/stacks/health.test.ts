import { AUDIT_NODE_OPTIONS } from "@fleetwatch/audit";
import { auditConfigSchema } from "@fleetwatch/monitoring";
import type { AppRun, RecordedResource } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { policyOf, runProgram, runStage } from "../infra/harness";
import { container, flag } from "./monitoring/tasks";

const FUNCTION = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const SCHEDULE = "aws:scheduler/schedule:Schedule";

/** Every statement of a role's inline policies. */
function statements(role: RecordedResource) {
  const inline = (role.inputs.inlinePolicies ?? []) as { policy: string }[];
  return inline.flatMap((p) => policyOf({ ...role, inputs: { policy: p.policy } }).Statement);
}

describe("health stack on stage dev (defaults)", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage("dev");
  });

  it("creates the audit and digest Lambdas in the VPC's private subnets", () => {
    for (const name of ["HealthAuditFunction", "HealthDigestFunction"]) {
      const fn = run.graph.one(FUNCTION, name);
      const vpc = fn.inputs.vpcConfig as { subnetIds: string[]; securityGroupIds: string[] };
      expect(vpc.subnetIds.length).toBe(2);
      expect(vpc.securityGroupIds.length).toBeGreaterThan(0);
      expect(fn.inputs.timeout).toBe(300);
    }
  });

  it("schedules the audit every 30 minutes and the digest at 09:00 UTC", () => {
    expect(run.graph.one(SCHEDULE, /HealthAudit/).inputs).toMatchObject({
      scheduleExpression: "rate(30 minutes)",
    });
    expect(run.graph.one(SCHEDULE, /HealthDigest/).inputs).toMatchObject({
      scheduleExpression: "cron(0 9 * * ? *)",
      scheduleExpressionTimezone: "UTC",
    });
  });

  it("reads the Thanos bucket only, and reads and writes the state bucket", () => {
    const thanos = run.graph.one("aws:s3/bucket:Bucket", "ThanosBucketBucket").inputs.bucket as string;
    const state = run.graph.one("aws:s3/bucket:Bucket", "StateBucketBucket").inputs.bucket as string;
    const all = statements(run.graph.one(ROLE, "HealthAuditRole"));
    const onThanos = all.filter((s) => JSON.stringify(s.Resource).includes(thanos));
    expect(onThanos.flatMap((s) => s.Action).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
    const onState = all.filter((s) => JSON.stringify(s.Resource).includes(state));
    expect(onState).toEqual([
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [`arn:aws:s3:::${state}`] },
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: ["reports", "digests", "audit"].map((p) => `arn:aws:s3:::${state}/${p}/*`),
      },
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::${state}/onboarding/*`] },
    ]);
    const env = (run.graph.one(FUNCTION, "HealthDigestFunction").inputs.environment as { variables: object })
      .variables;
    expect(env).not.toHaveProperty("FLEETWATCH_DISCOVERY_REFRESH");
    // "*" only for listing the compactor's tasks, which its cluster condition scopes (tested below).
    for (const s of all.filter((s) => !s.Action?.includes("ecs:ListTasks")))
      expect(s.Resource).not.toContain("*");
  });

  it("runs the audit with the V8 flags the benchmark measured (AUDIT_NODE_OPTIONS)", () => {
    const env = (
      run.graph.one(FUNCTION, "HealthAuditFunction").inputs.environment as {
        variables: Record<string, string>;
      }
    ).variables;
    expect(env.NODE_OPTIONS).toBe(AUDIT_NODE_OPTIONS);
    expect(AUDIT_NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
  });

  it("keeps the Slack webhook out of the environment, and gives the compactor's Cloud Map name", () => {
    const env = (
      run.graph.one(FUNCTION, "HealthAuditFunction").inputs.environment as {
        variables: Record<string, string>;
      }
    ).variables;
    expect(env.FLEETWATCH_COMPACTOR_URL).toBe("http://ThanosCompactor.dev.fleetwatch.sst:10902");
    // The digest asks the Query Frontend (which admits the Lambdas' client group) for targets down.
    expect(env.FLEETWATCH_QUERY_URL).toBe("http://ThanosQueryFrontend.dev.fleetwatch.sst:10902");
    expect(env.FLEETWATCH_SLACK_ENABLED).toBe("false");
    expect(JSON.parse(env.FLEETWATCH_AUDIT_CONFIG as string)).toMatchObject({
      freshness: { warning: "4h", critical: "6h" },
      deleteDelay: "48h",
      consistencyDelay: "30m",
      // The Prometheus streams are expanded from the groups by the audit config's schema.
      expectedStreams: [
        { fleetwatch_ruler: "global", rule_replica: "a" },
        { fleetwatch_ruler: "global", rule_replica: "b" },
      ],
      prometheus: { memory: "4 GB", groups: [{ name: "default", shards: 1, replicas: 2 }] },
      replicaLabels: ["prometheus_replica", "rule_replica"],
    });
    expect(
      auditConfigSchema.parse(JSON.parse(env.FLEETWATCH_AUDIT_CONFIG as string)).expectedStreams,
    ).toEqual([
      { fleetwatch_group: "default", prometheus_replica: "a" },
      { fleetwatch_group: "default", prometheus_replica: "b" },
      { fleetwatch_ruler: "global", rule_replica: "a" },
      { fleetwatch_ruler: "global", rule_replica: "b" },
    ]);
    // Links (the webhook secret among them) travel encrypted in the bundle, never as plain environment.
    expect(env.SST_KEY_FILE).toBe("resource.enc");
    expect(JSON.stringify(env)).not.toContain("hooks.slack.invalid");
  });

  it("expects the compactor's delays as the compactor's flags set them", () => {
    const fn = run.graph.one(FUNCTION, "HealthAuditFunction");
    const env = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    const audit = JSON.parse(env.FLEETWATCH_AUDIT_CONFIG as string);
    const compact = container(run, "ThanosCompactor", "thanos-compact").command;
    expect([audit.deleteDelay, audit.consistencyDelay]).toEqual([
      flag(compact, "delete-delay"),
      flag(compact, "consistency-delay"),
    ]);
    expect(audit.deleteDelay).toBeDefined();
  });

  it("reads the monitoring stack's compactor service: describe-only ECS calls, scoped to its cluster", () => {
    const ecs = statements(run.graph.one(ROLE, "HealthAuditRole")).filter((s) =>
      JSON.stringify(s.Action).includes("ecs:"),
    );
    expect(ecs.flatMap((s) => s.Action).sort()).toEqual([
      "ecs:DescribeServices",
      "ecs:DescribeTasks",
      "ecs:ListTasks",
    ]);
    for (const statement of ecs) {
      const actions = [statement.Action].flat();
      // Listing by cluster and service is authorized on "*" only: the cluster condition scopes it.
      if (actions.includes("ecs:ListTasks")) {
        expect(statement.Resource).toEqual(["*"]);
        expect(statement.Condition).toEqual({
          ArnEquals: { "ecs:cluster": [expect.stringMatching(/^arn:aws:ecs:us-east-1:\d{12}:cluster\/.+/)] },
        });
        continue;
      }
      for (const resource of statement.Resource ?? [])
        expect(resource).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:/);
    }
  });
});

describe("health stack in Organization mode (two-units.ts)", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage("dev", "two-units.ts");
  });

  it("lets the digest read the discovery refresh's status record, never write it, and says so in its environment", () => {
    const state = run.graph.one("aws:s3/bucket:Bucket", "StateBucketBucket").inputs.bucket as string;
    const all = statements(run.graph.one(ROLE, "HealthDigestRole"));
    const onRecord = all.filter((s) => JSON.stringify(s.Resource).includes("/monitoring/"));
    expect(onRecord).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [
          `arn:aws:s3:::${state}/onboarding/*`,
          `arn:aws:s3:::${state}/monitoring/discovery-refresh/*`,
        ],
      },
    ]);
    const env = (
      run.graph.one(FUNCTION, "HealthDigestFunction").inputs.environment as {
        variables: Record<string, string>;
      }
    ).variables;
    expect(env.FLEETWATCH_DISCOVERY_REFRESH).toBe("true");
  });
});

describe("health stack with the compactor's ECS service", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runProgram("production", async () => {
      const { stageConfig, createStorage, createNetwork, createHealth, createSecrets } = await import(
        "../../stacks/index"
      );
      const config = await stageConfig("production");
      createHealth(
        {
          ...config,
          schedules: { ...config.schedules, digest: { time: "07:45", timezone: "Europe/Berlin" } },
        },
        {
          storage: createStorage(config),
          network: createNetwork(config),
          secrets: createSecrets(config),
          compactor: {
            url: "http://compactor.internal:10902",
            ecs: { cluster: "fleetwatch-production", service: "ThanosCompactor" },
            securityGroupId: "sg-0compactorclient0",
          },
        },
      );
      return {};
    });
  });

  it("allows only describing the compactor's service and tasks, and listing tasks of its cluster", () => {
    const ecs = statements(run.graph.one(ROLE, "HealthAuditRole")).filter((s) =>
      JSON.stringify(s.Action).includes("ecs:"),
    );
    expect(ecs).toEqual([
      {
        Effect: "Allow",
        Action: ["ecs:DescribeServices"],
        Resource: ["arn:aws:ecs:us-east-1:123456789012:service/fleetwatch-production/ThanosCompactor"],
      },
      {
        Effect: "Allow",
        Action: ["ecs:ListTasks"],
        Resource: ["*"],
        Condition: {
          ArnEquals: { "ecs:cluster": ["arn:aws:ecs:us-east-1:123456789012:cluster/fleetwatch-production"] },
        },
      },
      {
        Effect: "Allow",
        Action: ["ecs:DescribeTasks"],
        Resource: ["arn:aws:ecs:us-east-1:123456789012:task/fleetwatch-production/*"],
      },
    ]);
  });

  it("runs the digest in its time zone and posts to Slack on production", () => {
    expect(run.graph.one(SCHEDULE, /HealthDigest/).inputs).toMatchObject({
      scheduleExpression: "cron(45 7 * * ? *)",
      scheduleExpressionTimezone: "Europe/Berlin",
    });
    const env = (
      run.graph.one(FUNCTION, "HealthDigestFunction").inputs.environment as {
        variables: Record<string, string>;
      }
    ).variables;
    expect(env).toMatchObject({
      FLEETWATCH_SLACK_ENABLED: "true",
      FLEETWATCH_COMPACTOR_CLUSTER: "fleetwatch-production",
    });
    // No Query Frontend given: the digest's targets are "not reported".
    expect(env.FLEETWATCH_QUERY_URL).toBeUndefined();
  });
});
