import type { CompactorMetrics, EcsServiceState } from "@fleetwatch/audit";

/** A healthy compactor service: one task running of one desired. */
export const HEALTHY_ECS: EcsServiceState = {
  status: "ACTIVE",
  desired: 1,
  running: 1,
  pending: 0,
  stoppedTasks: [],
};

/** Metrics of a healthy, idle compactor. */
export const HEALTHY_METRICS: CompactorMetrics = {
  halted: 0,
  iterations: 120,
  compactionFailures: 0,
  todoCompactions: 0,
  todoDownsampleBlocks: 0,
  todoDeletionBlocks: 0,
};
