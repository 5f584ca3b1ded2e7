import { RolloutFailedError } from "./errors.js";

// Whether a deploy's new revision of each ECS service really runs. A service the deployment circuit breaker rolled
// back is "stable" again, on the old revision: waiting for stability (Pulumi's waitForSteadyState, the
// services-stable waiter) reports success for it (hashicorp/terraform-provider-aws#20858). Only comparing the
// service's primary deployment with the task definition the deploy registered tells.

/** The environment variable that tells the rollout check its cluster (the plan's IAM simulation reads it too). */
export const ROLLOUT_CLUSTER_ENV = "FLEETWATCH_MONITORING_CLUSTER";

/** One deployment of a service, as DescribeServices lists it. */
export interface Deployment {
  /** `PRIMARY` (the newest), `ACTIVE` (being drained or rolled back) or `INACTIVE`. */
  status: string;
  taskDefinition: string;
  /** Set when the circuit breaker watches the deployment. */
  rolloutState?: "COMPLETED" | "FAILED" | "IN_PROGRESS";
  rolloutStateReason?: string;
}

/** A stopped task of a service, with why it stopped. */
export interface StoppedRevisionTask {
  taskDefinition: string;
  stoppedAt: number;
  /** `stoppedReason`, and the reasons or exit codes of its failed containers. */
  reason: string;
}

/** A service the deploy updated, and the task definition the deploy registered for it. */
export interface ExpectedRevision {
  service: string;
  taskDefinition: string;
}

/** What the deploy's check needs to know of ECS. */
export interface RolloutReader {
  /** The deployments of each service, by name; a service ECS does not return is absent. */
  deployments(services: string[]): Promise<Map<string, Deployment[]>>;
  /** The service's recently stopped tasks (ECS keeps them about an hour). */
  stoppedTasks(service: string): Promise<StoppedRevisionTask[]>;
}

/** The outcome of one service's rollout. */
export type RolloutVerdict =
  | { service: string; state: "completed" | "in-progress" }
  | { service: string; state: "rolled-back" | "failed" | "missing"; reason: string };

/** `arn:...:task-definition/family:12` -> `family:12`. */
export function revisionName(taskDefinition: string): string {
  return taskDefinition.split("/").at(-1) ?? taskDefinition;
}

/** The reason of the newest stopped task of the deploy's revision, if ECS still lists one. */
function lastStop(expected: string, stopped: StoppedRevisionTask[]): string | undefined {
  const own = stopped.filter((t) => t.taskDefinition === expected).sort((a, b) => b.stoppedAt - a.stoppedAt);
  return own[0]?.reason;
}

/** Whether a service's deployments show the new revision running, still rolling out, rolled back or failed. */
export function rolloutState(
  expected: ExpectedRevision,
  deployments: Deployment[] | undefined,
): "completed" | "in-progress" | "rolled-back" | "failed" | "missing" {
  if (!deployments) return "missing";
  const primary = deployments.find((d) => d.status === "PRIMARY");
  if (!primary) return "missing";
  if (primary.taskDefinition !== expected.taskDefinition) return "rolled-back";
  if (primary.rolloutState === "FAILED") return "failed";
  return primary.rolloutState === "IN_PROGRESS" ? "in-progress" : "completed";
}

/**
 * The verdict on one service, with the reason people need: the circuit breaker's (`rolloutStateReason` of the
 * failed deployment) and the stopped task's (`stoppedReason`, exit codes).
 */
export function rolloutVerdict(
  expected: ExpectedRevision,
  deployments: Deployment[] | undefined,
  stopped: StoppedRevisionTask[],
): RolloutVerdict {
  const { service } = expected;
  const state = rolloutState(expected, deployments);
  if (state === "completed" || state === "in-progress") return { service, state };
  if (state === "missing") return { service, state, reason: "ECS does not list the service's deployment" };
  const own = deployments?.find((d) => d.taskDefinition === expected.taskDefinition);
  const primary = deployments?.find((d) => d.status === "PRIMARY");
  const parts = [
    state === "rolled-back"
      ? `rolled back to ${revisionName(primary?.taskDefinition ?? "?")} instead of running ${revisionName(expected.taskDefinition)}`
      : `the deployment of ${revisionName(expected.taskDefinition)} failed`,
    ...(own?.rolloutStateReason ? [own.rolloutStateReason] : []),
    `last stopped task: ${lastStop(expected.taskDefinition, stopped) ?? "none listed (ECS keeps stopped tasks about an hour)"}`,
  ];
  return { service, state, reason: parts.join("; ") };
}

/** The verdicts that fail the deploy: every one but completed (in-progress once the check's time is up). */
export function failedRollouts(
  verdicts: RolloutVerdict[],
): Exclude<RolloutVerdict, { state: "completed" }>[] {
  return verdicts.filter(
    (v): v is Exclude<RolloutVerdict, { state: "completed" }> => v.state !== "completed",
  );
}

/** One line per failed service: `Grafana: rolled back to ...; <reason>; last stopped task: <reason>`. */
export function rolloutFailureMessage(verdicts: RolloutVerdict[]): string {
  return failedRollouts(verdicts)
    .map((v) => `${v.service}: ${"reason" in v ? v.reason : "still rolling out when the check gave up"}`)
    .join("\n");
}

/** How the check waits for rollouts still in progress. */
export interface RolloutWait {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** When to stop waiting (epoch ms); services still in progress then fail the check. */
  deadline: number;
  intervalMs: number;
}

/**
 * The verdict on every service the deploy updated: reads their deployments until none is in progress or the
 * deadline passes, and the stopped tasks of those that did not complete.
 */
export async function checkRollouts(
  reader: RolloutReader,
  expected: ExpectedRevision[],
  wait: RolloutWait,
): Promise<RolloutVerdict[]> {
  const names = expected.map((e) => e.service);
  let deployments = await reader.deployments(names);
  const pending = () => expected.some((e) => rolloutState(e, deployments.get(e.service)) === "in-progress");
  while (pending() && wait.now() + wait.intervalMs < wait.deadline) {
    await wait.sleep(wait.intervalMs);
    deployments = await reader.deployments(names);
  }
  const verdicts: RolloutVerdict[] = [];
  for (const e of expected) {
    const listed = deployments.get(e.service);
    const state = rolloutState(e, listed);
    const stopped = state === "rolled-back" || state === "failed" ? await reader.stoppedTasks(e.service) : [];
    verdicts.push(rolloutVerdict(e, listed, stopped));
  }
  return verdicts;
}

/** Throws a {@link RolloutFailedError} naming every service whose new revision does not run. */
export function assertRolledOut(verdicts: RolloutVerdict[]): void {
  const failed = failedRollouts(verdicts);
  if (failed.length > 0) throw new RolloutFailedError(failed, rolloutFailureMessage(verdicts));
}
