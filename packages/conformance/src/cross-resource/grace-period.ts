import type { SyncPlanCheck } from "../problem.js";
import { ofType, type RuleRef, Tally } from "../tally.js";

const RULE: RuleRef = {
  id: "ecs-health-check-grace-period",
  ruleClass: "cross-resource",
  source:
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#ECS-CreateService-request-healthCheckGracePeriodSeconds",
};

/**
 * An ECS service behind a load balancer needs a health check grace period: the default 0 lets the target group's
 * first failed checks kill a task that is still starting, and the circuit breaker can then leave it at 0 tasks.
 */
export const checkHealthCheckGracePeriod: SyncPlanCheck = (plan) => {
  const tally = new Tally();
  for (const service of ofType(plan, "aws:ecs/service:Service")) {
    const lbs = service.inputs.loadBalancers;
    if (!Array.isArray(lbs) || lbs.length === 0) continue;
    const grace = service.inputs.healthCheckGracePeriodSeconds;
    tally.check(
      RULE,
      service,
      "healthCheckGracePeriodSeconds",
      typeof grace === "number" && grace > 0
        ? undefined
        : `service behind ${lbs.length} load balancer target group(s) has ${grace === undefined ? "no grace period (ECS uses 0)" : `a grace period of ${JSON.stringify(grace)}`}; set healthCheckGracePeriodSeconds above the task's start time`,
    );
  }
  return tally.result;
};
