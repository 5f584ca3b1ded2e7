import type { Check } from "../check.js";
import type { Finding } from "../finding.js";
import { formatDuration } from "../time.js";

const NAMES = { 0: "raw", 300000: "5m", 3600000: "1h" } as const;

/** Blocks past their resolution's retention (plus slack) without a deletion mark: retention is not applied. */
export const retentionOverdue: Check = {
  id: "retention-overdue",
  run({ streams, config, now }) {
    const limits = {
      0: config.retentionMs.raw,
      300000: config.retentionMs.fiveMinutes,
      3600000: config.retentionMs.oneHour,
    };
    const findings: Finding[] = [];
    for (const stream of streams) {
      for (const resolution of [0, 300000, 3600000] as const) {
        const retention = limits[resolution];
        if (retention === 0) continue;
        const expired = stream.blocks.filter(
          (b) =>
            b.meta.thanos.downsample.resolution === resolution &&
            now - b.meta.maxTime > retention + config.slackMs,
        );
        const first = expired[0];
        if (!first) continue;
        findings.push({
          id: "retention-overdue",
          severity: "warning",
          subject: stream.key,
          evidence: `${expired.length} ${NAMES[resolution]} block(s) past the ${formatDuration(retention)} retention, e.g. ${first.ulid} ending ${formatDuration(now - first.meta.maxTime)} ago`,
          fix: "check the compactor's --retention.resolution-* flags match the config and that it completes iterations",
        });
      }
    }
    return findings;
  },
};
