// How ECS replaces a service's tasks on a deployment. ECS keeps at least ceil(desired × minimumHealthyPercent / 100)
// tasks running and runs at most floor(desired × maximumPercent / 100).

/** The deployment percentages of an ECS service. */
export interface Deployment {
  minimumHealthyPercent: number;
  maximumPercent: number;
}

/** Stop the old task before starting the new one: never two at once (external labels, the compactor). */
export const STOP_FIRST: Deployment = { minimumHealthyPercent: 0, maximumPercent: 100 };

/** Start the new task and stop the old one once it is healthy. */
export const START_FIRST: Deployment = { minimumHealthyPercent: 100, maximumPercent: 200 };

/**
 * Replace `replicas` tasks one at a time, each new task started and healthy before an old one stops: minimum
 * 100% keeps every replica running, and maximum 100% + ceil(100 / replicas)% allows exactly one task more
 * (floor(n × (100 + ceil(100/n)) / 100) = n + 1 for n up to 100). Never fewer than `replicas` run, so a
 * clustered component always has a running member to hand its state to the new one.
 */
export function oneMoreAtATime(replicas: number): Deployment {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 100)
    throw new RangeError(`replicas must be an integer from 1 to 100, got ${replicas}`);
  return { minimumHealthyPercent: 100, maximumPercent: 100 + Math.ceil(100 / replicas) };
}
