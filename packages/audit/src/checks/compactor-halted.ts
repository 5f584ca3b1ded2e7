import type { Check } from "../check.js";

/** `thanos_compact_halted == 1`: the compactor stays up doing nothing until restarted. */
export const compactorHalted: Check = {
  id: "compactor-halted",
  run({ compactor }) {
    const metrics = compactor.metrics;
    if (!metrics?.ok || metrics.value.halted !== 1) return [];
    return [
      {
        id: "compactor-halted",
        severity: "critical",
        subject: "compactor",
        evidence:
          "thanos_compact_halted is 1: the compactor stopped compacting and stays halted until restarted",
        fix: "read the compactor's log for the halt reason (usually an overlap), repair the bucket, then restart the task",
      },
    ];
  },
};
