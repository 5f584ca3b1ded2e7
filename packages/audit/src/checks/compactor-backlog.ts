import type { Check } from "../check.js";
import type { Finding } from "../finding.js";

/** The compactor's todo gauges above the thresholds, or compaction failures since the previous run. */
export const compactorBacklog: Check = {
  id: "compactor-backlog",
  run({ compactor, config }) {
    const metrics = compactor.metrics;
    if (!metrics?.ok) return [];
    const m = metrics.value;
    const reasons: string[] = [];
    if ((m.todoCompactions ?? 0) >= config.backlogCompactions)
      reasons.push(
        `thanos_compact_todo_compactions=${m.todoCompactions} (limit ${config.backlogCompactions})`,
      );
    if ((m.todoDownsampleBlocks ?? 0) >= config.backlogDownsampleBlocks)
      reasons.push(
        `thanos_compact_todo_downsample_blocks=${m.todoDownsampleBlocks} (limit ${config.backlogDownsampleBlocks})`,
      );
    const previous = compactor.previous;
    const failures = m.compactionFailures ?? 0;
    if (previous && failures > previous.compactionFailures)
      reasons.push(
        `${failures - previous.compactionFailures} group compaction failure(s) since the previous audit`,
      );
    if (reasons.length === 0) return [];
    const finding: Finding = {
      id: "compactor-backlog",
      severity: "warning",
      subject: "compactor",
      evidence: reasons.join("; "),
      fix: "give the compactor more CPU/memory/disk or raise --compact.concurrency; read its logs for failing groups",
    };
    return [finding];
  },
};
