import type { Check } from "../check.js";
import type { Finding } from "../finding.js";

/** A block excluded from compaction, with its reason; only `manual` is expected. */
export const noCompactMark: Check = {
  id: "no-compact-mark",
  run({ view }) {
    const findings: Finding[] = [];
    for (const block of view.blocks.values()) {
      const mark = block.noCompactMark;
      if (!mark || block.deletionMark) continue;
      findings.push({
        id: "no-compact-mark",
        severity: mark.reason === "manual" ? "info" : "warning",
        subject: block.ulid,
        evidence: `excluded from compaction since ${new Date(mark.no_compact_time * 1000).toISOString()}: ${mark.reason}${mark.details ? ` (${mark.details.slice(0, 120)})` : ""}`,
        fix:
          mark.reason === "manual"
            ? "remove no-compact-mark.json when the block may be compacted again"
            : "inspect the block (thanos tools bucket inspect), repair or delete it, then remove no-compact-mark.json",
      });
    }
    return findings;
  },
};
