import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListTasksCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import type { Deployment, RolloutReader, StoppedRevisionTask } from "@fleetwatch/audit";

/** DescribeServices takes at most 10 services per call. */
const SERVICES_PER_CALL = 10;
/** How many recently stopped tasks are described. */
const STOPPED_TASKS = 10;

/** `stoppedReason`, then each failed container's reason or exit code: what people need to fix the task. */
export function stopReason(task: Task): string {
  const containers = (task.containers ?? [])
    .filter((c) => c.reason || (c.exitCode !== undefined && c.exitCode !== 0))
    .map((c) => `${c.name ?? "container"}: ${c.reason ?? `exit code ${c.exitCode}`}`);
  return [task.stoppedReason ?? task.stopCode ?? "unknown", ...containers].join(", ");
}

/**
 * The deployments and stopped tasks of the services of one ECS cluster, for the post-deploy rollout check.
 * Errors propagate: the check cannot say a deploy succeeded without reading it.
 */
export class EcsRolloutReader implements RolloutReader {
  constructor(
    private readonly client: ECSClient,
    private readonly cluster: string,
  ) {}

  async deployments(services: string[]): Promise<Map<string, Deployment[]>> {
    const found = new Map<string, Deployment[]>();
    for (let i = 0; i < services.length; i += SERVICES_PER_CALL) {
      const described = await this.client.send(
        new DescribeServicesCommand({
          cluster: this.cluster,
          services: services.slice(i, i + SERVICES_PER_CALL),
        }),
      );
      for (const service of described.services ?? []) {
        if (!service.serviceName) continue;
        found.set(
          service.serviceName,
          (service.deployments ?? []).map((d) => ({
            status: d.status ?? "UNKNOWN",
            taskDefinition: d.taskDefinition ?? "",
            ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
            ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
          })),
        );
      }
    }
    return found;
  }

  async stoppedTasks(service: string): Promise<StoppedRevisionTask[]> {
    const listed = await this.client.send(
      new ListTasksCommand({
        cluster: this.cluster,
        serviceName: service,
        desiredStatus: "STOPPED",
        maxResults: STOPPED_TASKS,
      }),
    );
    const arns = listed.taskArns ?? [];
    if (arns.length === 0) return [];
    const described = await this.client.send(
      new DescribeTasksCommand({ cluster: this.cluster, tasks: arns }),
    );
    return (described.tasks ?? []).map((t) => ({
      taskDefinition: t.taskDefinitionArn ?? "",
      stoppedAt: t.stoppedAt?.getTime() ?? 0,
      reason: stopReason(t),
    }));
  }
}
