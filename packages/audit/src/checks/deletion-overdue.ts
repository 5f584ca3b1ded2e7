import type { Check } from "../check.js";
import type { Finding } from "../finding.js";
import { formatDuration } from "../time.js";

/** A deletion mark older than the compactor's delete delay plus slack: deletions are not processed. */
export const deletionOverdue: Check = {
  id: "deletion-overdue",
  run({ view, config, now }) {
    const findings: Finding[] = [];
    for (const block of view.blocks.values()) {
      if (!block.deletionMark) continue;
      const age = now - block.deletionMark.deletion_time * 1000;
      if (age <= config.deleteDelayMs + config.slackMs) continue;
      findings.push({
        id: "deletion-overdue",
        severity: "warning",
        subject: block.ulid,
        evidence: `marked for deletion ${formatDuration(age)} ago; the delete delay is ${formatDuration(config.deleteDelayMs)}`,
        fix: "the compactor is not deleting: check it runs with --wait and has s3:DeleteObject on the bucket",
      });
    }
    return findings;
  },
};
