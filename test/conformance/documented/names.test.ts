import { describe, expect, it } from "vitest";
import { checkNames } from "../../../packages/conformance/src/documented/names";
import type { PlannedResource } from "../../../packages/conformance/src/problem";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };
const SUFFIX = "-abcdefgh";

const valid = (): PlannedResource[] => [
  { type: "aws:lb/loadBalancer:LoadBalancer", name: "Lb", inputs: { name: "MonitoringLoadB-nrzvdzev" } },
  { type: "aws:lb/targetGroup:TargetGroup", name: "GrafanaTarget", inputs: { namePrefix: "HTTP" } },
  { type: "aws:lb/targetGroup:TargetGroup", name: "NamedTarget", inputs: { name: "fleetwatch-grafana" } },
  {
    type: "aws:iam/role:Role",
    name: "AuditRole",
    inputs: { name: `fleetwatch-dev-HealthAuditRole${SUFFIX}` },
  },
  {
    type: "aws:s3/bucket:Bucket",
    name: "Bucket",
    inputs: { bucket: `fleetwatch-dev-thanosbucket${SUFFIX}` },
  },
  {
    type: "aws:lambda/function:Function",
    name: "Fn",
    inputs: { name: `fleetwatch-dev-HealthAudit${SUFFIX}` },
  },
  { type: "aws:sqs/queue:Queue", name: "Queue", inputs: { name: `fleetwatch-dev-LaunchQueue${SUFFIX}` } },
  { type: "aws:cloudwatch/logGroup:LogGroup", name: "Logs", inputs: { name: "/aws/lambda/x" } },
  { type: "aws:ecs/service:Service", name: "Svc", inputs: { name: "Grafana" } },
  { type: "aws:ecs/cluster:Cluster", name: "Cluster", inputs: { name: `fleetwatch-dev-Cluster${SUFFIX}` } },
  {
    type: "aws:scheduler/schedule:Schedule",
    name: "Schedule",
    inputs: { name: `fleetwatch-dev-Audit${SUFFIX}` },
  },
];

function planted(resource: string, input: string, value: string): PlannedResource[] {
  const plan = valid();
  const r = plan.find((p) => p.name === resource);
  if (!r) throw new Error(resource);
  r.inputs[input] = value;
  return plan;
}

describe("checkNames", () => {
  it("finds nothing in valid names, one check per name", () => {
    expect(checkNames(valid(), CONTEXT)).toEqual({ checks: 11, problems: [] });
  });

  it.each([
    ["a 33-character target group name", "NamedTarget", "name", "a".repeat(33), "target-group-name"],
    ["a target group name ending with a hyphen", "NamedTarget", "name", "grafana-", "target-group-name"],
    ["an underscore in a target group name", "NamedTarget", "name", "grafana_http", "target-group-name"],
    [
      "a 7-character target group name prefix",
      "GrafanaTarget",
      "namePrefix",
      "HTTP300",
      "target-group-name-prefix",
    ],
    ["a load balancer name starting with a hyphen", "Lb", "name", "-monitoring", "lb-name"],
    [
      "a 65-character role name",
      "AuditRole",
      "name",
      `fleetwatch-production-${"R".repeat(34)}${SUFFIX}`,
      "iam-role-name",
    ],
    ["a space in a role name", "AuditRole", "name", "fleetwatch dev", "iam-role-name"],
    ["a capital in a bucket name", "Bucket", "bucket", `fleetwatch-Dev${SUFFIX}`, "s3-bucket-name"],
    ["a 2-character bucket name", "Bucket", "bucket", "ab", "s3-bucket-name"],
    ["a 64-character bucket name", "Bucket", "bucket", "b".repeat(64), "s3-bucket-name"],
    ["a 65-character function name", "Fn", "name", "f".repeat(56) + SUFFIX, "lambda-name-length"],
    ["an 81-character queue name", "Queue", "name", "q".repeat(72) + SUFFIX, "sqs-name-length"],
    ["a 513-character log group name", "Logs", "name", "/".repeat(513), "log-group-name-length"],
    ["a 256-character service name", "Svc", "name", "s".repeat(256), "ecs-service-name-length"],
    ["a 256-character cluster name", "Cluster", "name", "c".repeat(256), "ecs-cluster-name-length"],
    ["a 65-character schedule name", "Schedule", "name", "s".repeat(56) + SUFFIX, "schedule-name-length"],
  ])("reports %s", (_what, resource, property, value, rule) => {
    const { problems } = checkNames(planted(resource, property, value), CONTEXT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ resource, property, rule, ruleClass: "documented" });
    expect(problems[0]?.message).toContain(JSON.stringify(value));
    expect(problems[0]?.source).toMatch(/^https:\/\//);
  });
});
