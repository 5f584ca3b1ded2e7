import type { Check } from "../check.js";
import { nextCounters } from "../compactor.js";
import { formatDuration } from "../time.js";

/**
 * No completed compactor iteration within the bound: from the iterations counter compared with the previous
 * run's, or, when /metrics cannot be read, from the bucket (deletion marks and level-1 blocks left behind).
 */
export const compactorStalled: Check = {
  id: "compactor-stalled",
  run(ctx) {
    const { compactor, config, now } = ctx;
    const metrics = compactor.metrics;
    if (metrics?.ok) {
      const counters = nextCounters(metrics.value, compactor.previous, now);
      // On a first run (no previous counters) the clock starts now: idle is 0, never stalled.
      if (!counters) return [];
      const idle = now - counters.lastProgressAt;
      if (idle <= config.compactorStallMs) return [];
      return [
        {
          id: "compactor-stalled",
          severity: "critical",
          subject: "compactor",
          evidence: `thanos_compact_iterations_total stayed at ${counters.iterations} for ${formatDuration(idle)} (limit ${formatDuration(config.compactorStallMs)})`,
          fix: "the compactor runs but does not finish iterations: read its logs; a huge group or a slow bucket may need more CPU or --compact.concurrency",
        },
      ];
    }
    if (metrics === undefined) return [];
    const bound = config.compactionLagMs + config.compactorStallMs;
    const stuck = [...ctx.view.blocks.values()].filter(
      (b) =>
        b.meta?.compaction.level === 1 && !b.deletionMark && !b.noCompactMark && now - b.meta.maxTime > bound,
    );
    if (stuck.length === 0) return [];
    return [
      {
        id: "compactor-stalled",
        severity: "warning",
        subject: "compactor",
        evidence: `judged from the bucket (metrics unreadable): ${stuck.length} level-1 block(s) older than ${formatDuration(bound)}`,
        fix: "make the compactor's /metrics reachable from the audit, and check that the compactor runs",
      },
    ];
  },
};
