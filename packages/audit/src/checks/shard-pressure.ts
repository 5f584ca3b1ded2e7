import type { Check } from "../check.js";
import type { Finding } from "../finding.js";
import {
  formatCount,
  formatGb,
  formatPercent,
  type ShardPressure,
  shardPressures,
  suggestedMemoryGb,
} from "../shards.js";

/**
 * A Prometheus replica whose resident memory nears its task's memory: warning at `pressure.warning` (0.8),
 * critical at `pressure.critical` (0.95), both inclusive. A replica Thanos has no sample of is not judged here
 * (a down replica is `stream-stale`'s); an unreadable Thanos is `source-unavailable`'s.
 */
export const shardPressure: Check = {
  id: "shard-pressure",
  run({ shards, config }) {
    if (!shards?.ok) return [];
    const { warning, critical } = config.pressure;
    return shardPressures(config.prometheus, shards.value)
      .filter((p) => p.ratio >= warning)
      .map(
        (p): Finding => ({
          id: "shard-pressure",
          severity: p.ratio >= critical ? "critical" : "warning",
          subject: p.replica.service,
          evidence: evidenceOf(p),
          fix: fixOf(p, warning),
        }),
      );
  },
};

function evidenceOf(p: ShardPressure): string {
  const { group, shard, replica, memoryBytes } = p.replica;
  const series =
    p.headSeries === undefined ? "head series unknown" : `${formatCount(p.headSeries)} head series`;
  return `scrape group "${group}" shard ${shard} replica ${replica}: ${formatGb(p.residentBytes)} resident of ${formatGb(memoryBytes)} (${formatPercent(p.ratio)}), ${series}`;
}

function fixOf(p: ShardPressure, warning: number): string {
  const { group, shards, memoryBytes } = p.replica;
  const gb = suggestedMemoryGb(p.residentBytes, memoryBytes, warning);
  return `add a shard (scrapeGroups[].shards of group "${group}": ${shards} to ${shards + 1}) or raise tasks.prometheus.memory to "${gb} GB" (a Fargate size its CPU allows)`;
}
