import { ROLLOUT_CLUSTER_ENV } from "@fleetwatch/audit";
import type { ResolvedConfig } from "@fleetwatch/config";

/** The check's timeout: the services have already reached steady state; it waits only for stragglers. */
const TIMEOUT = "5 minutes";

/** Describe-only ECS access to the monitoring cluster's services and tasks. */
function rolloutPermissions(config: ResolvedConfig, cluster: $util.Input<string>) {
  const account = aws.getCallerIdentityOutput({}).accountId;
  const prefix = $interpolate`arn:aws:ecs:${config.homeRegion}:${account}`;
  return [
    sst.aws.permission({
      actions: ["ecs:DescribeServices"],
      resources: [$interpolate`${prefix}:service/${cluster}/*`],
    }),
    // ListTasks by cluster and service names no container instance: IAM authorizes it on "*" only, so the
    // cluster condition is what scopes it.
    sst.aws.permission({
      actions: ["ecs:ListTasks"],
      resources: ["*"],
      conditions: [
        { test: "ArnEquals", variable: "ecs:cluster", values: [$interpolate`${prefix}:cluster/${cluster}`] },
      ],
    }),
    sst.aws.permission({
      actions: ["ecs:DescribeTasks"],
      resources: [$interpolate`${prefix}:task/${cluster}/*`],
    }),
  ];
}

/**
 * The post-deploy rollout check: once every monitoring service has reached steady state, a Lambda compares each
 * service's primary deployment with the task definition this deploy registered, and fails (so `sst deploy` fails,
 * through the `aws.lambda.Invocation`) for a service the circuit breaker rolled back, naming it and why its last
 * task stopped. Steady state alone cannot tell: a rolled-back service is stable, on the old revision.
 * Invoked again whenever a task definition changes (its input lists them).
 */
export function createRolloutCheck(
  config: ResolvedConfig,
  cluster: sst.aws.Cluster,
  services: sst.aws.Service[],
): aws.lambda.Invocation {
  const clusterName = cluster.nodes.cluster.name;
  const fn = new sst.aws.Function("MonitoringRolloutCheck", {
    handler: "functions/monitoring/rollout-check.handler",
    description: "fleetwatch MonitoringRolloutCheck",
    timeout: TIMEOUT,
    memory: "256 MB",
    permissions: rolloutPermissions(config, clusterName),
    environment: { [ROLLOUT_CLUSTER_ENV]: clusterName },
  });
  const expected = $util.all(
    services.map((s) =>
      $util.all([s.nodes.service.name, s.nodes.taskDefinition.arn]).apply(([service, taskDefinition]) => ({
        service,
        taskDefinition,
      })),
    ),
  );
  return new aws.lambda.Invocation(
    "MonitoringRolloutCheckAfterDeploy",
    {
      functionName: fn.name,
      input: expected.apply((list) => JSON.stringify({ services: list })),
    },
    { dependsOn: services.map((s) => s.nodes.service) },
  );
}
