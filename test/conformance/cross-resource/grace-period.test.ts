import { describe, expect, it } from "vitest";
import { checkHealthCheckGracePeriod } from "../../../packages/conformance/src/cross-resource/grace-period";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };
const LB = [{ containerName: "grafana", containerPort: 3000, targetGroupArn: "arn:tg" }];
const service = (inputs: Record<string, unknown>) => [
  { type: "aws:ecs/service:Service", name: "GrafanaService", inputs },
];

describe("checkHealthCheckGracePeriod", () => {
  it("accepts a load-balanced service with a grace period", () => {
    const result = checkHealthCheckGracePeriod(
      service({ loadBalancers: LB, healthCheckGracePeriodSeconds: 120 }),
      CONTEXT,
    );
    expect(result).toEqual({ checks: 1, problems: [] });
  });

  it("leaves services without a load balancer alone", () => {
    expect(checkHealthCheckGracePeriod(service({}), CONTEXT)).toEqual({ checks: 0, problems: [] });
    expect(checkHealthCheckGracePeriod(service({ loadBalancers: [] }), CONTEXT)).toEqual({
      checks: 0,
      problems: [],
    });
  });

  it.each([undefined, 0])("reports a grace period of %s", (grace) => {
    const { problems } = checkHealthCheckGracePeriod(
      service({ loadBalancers: LB, healthCheckGracePeriodSeconds: grace }),
      CONTEXT,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      resource: "GrafanaService",
      property: "healthCheckGracePeriodSeconds",
      rule: "ecs-health-check-grace-period",
      ruleClass: "cross-resource",
    });
  });
});
