import type { Check } from "../check.js";

/** The compactor's ECS service runs fewer tasks than it should (or is scaled to zero). */
export const compactorDown: Check = {
  id: "compactor-down",
  run({ compactor }) {
    const ecs = compactor.ecs;
    if (!ecs?.ok) return [];
    const { desired, running, stoppedTasks, status } = ecs.value;
    if (desired > 0 && running >= desired && status === "ACTIVE") return [];
    const reasons = [...new Set(stoppedTasks.map((t) => t.reason))].slice(0, 2);
    return [
      {
        id: "compactor-down",
        severity: "critical",
        subject: "compactor",
        evidence: `ECS service ${status}: ${running} running of ${desired} desired${reasons.length ? `; recently stopped: ${reasons.join("; ")}` : ""}`,
        fix:
          desired === 0
            ? "the service is scaled to zero: set its desired count to 1"
            : "read the stopped tasks' reasons and the compactor's logs (out of memory or disk, bad objstore config?)",
      },
    ];
  },
};
