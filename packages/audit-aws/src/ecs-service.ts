import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import type { EcsServiceState, SourceResult } from "@fleetwatch/audit";

/** How many recently stopped tasks are described (ECS keeps stopped tasks for about an hour). */
const STOPPED_TASKS = 10;

/**
 * The compactor's ECS service: DescribeServices for desired/running, ListTasks + DescribeTasks for the reasons of
 * recently stopped tasks. Never throws: a denied or failing call is a `source-unavailable` result.
 */
export async function readEcsService(
  client: ECSClient,
  cluster: string,
  service: string,
): Promise<SourceResult<EcsServiceState>> {
  try {
    const described = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const found = described.services?.[0];
    if (!found) {
      const reason = described.failures?.[0]?.reason ?? "not returned";
      return { ok: false, error: `describe ECS service ${service} in ${cluster}: ${reason}` };
    }
    const stopped = await client.send(
      new ListTasksCommand({
        cluster,
        serviceName: service,
        desiredStatus: "STOPPED",
        maxResults: STOPPED_TASKS,
      }),
    );
    const arns = stopped.taskArns ?? [];
    const tasks = arns.length
      ? ((await client.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks ?? [])
      : [];
    return {
      ok: true,
      value: {
        status: found.status ?? "UNKNOWN",
        desired: found.desiredCount ?? 0,
        running: found.runningCount ?? 0,
        pending: found.pendingCount ?? 0,
        stoppedTasks: tasks
          .map((t) => {
            const exitCode = t.containers?.find(
              (c) => c.exitCode !== undefined && c.exitCode !== 0,
            )?.exitCode;
            return {
              taskArn: t.taskArn ?? "",
              stoppedAt: t.stoppedAt?.getTime() ?? 0,
              reason: t.stoppedReason ?? t.stopCode ?? "unknown",
              ...(exitCode !== undefined ? { exitCode } : {}),
            };
          })
          .sort((a, b) => b.stoppedAt - a.stoppedAt),
      },
    };
  } catch (error) {
    return {
      ok: false,
      error: `describe ECS service ${service} in ${cluster}: ${(error as Error).name}: ${(error as Error).message}`,
    };
  }
}
