import type { Check } from "../check.js";
import type { Finding } from "../finding.js";
import { formatDuration } from "../time.js";

const EIGHT_HOURS = 8 * 3_600_000;

/**
 * Level-1 raw blocks older than the lag bound (normal lag 10-12h): the compactor is not compacting. The stream's
 * newest, still incomplete 8h range is left out: the compactor waits for it to fill.
 */
export const compactionLag: Check = {
  id: "compaction-lag",
  run({ streams, config, now }) {
    const findings: Finding[] = [];
    for (const stream of streams) {
      // Stryker disable next-line ConditionalExpression: without raw blocks nothing below lags; the guard narrows the type
      if (stream.newestRawMaxTime === undefined) continue;
      const openRange = Math.floor((stream.newestRawMaxTime - 1) / EIGHT_HOURS) * EIGHT_HOURS;
      const lagging = stream.blocks.filter(
        (b) =>
          b.meta.thanos.downsample.resolution === 0 &&
          b.meta.compaction.level === 1 &&
          !b.noCompactMark &&
          b.meta.minTime < openRange &&
          now - b.meta.maxTime > config.compactionLagMs,
      );
      const oldest = lagging[0];
      if (!oldest) continue;
      findings.push({
        id: "compaction-lag",
        severity: "warning",
        subject: stream.key,
        evidence: `${lagging.length} level-1 raw block(s) not compacted; the oldest (${oldest.ulid}) ends ${formatDuration(now - oldest.meta.maxTime)} ago (limit ${formatDuration(config.compactionLagMs)})`,
        fix: "check the compactor: is it running, halted (thanos_compact_halted), or out of disk?",
      });
    }
    return findings;
  },
};
