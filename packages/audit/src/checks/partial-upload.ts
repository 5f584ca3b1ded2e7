import { META_FILE, ulidTimeMs } from "@fleetwatch/thanos";
import type { Check } from "../check.js";
import { formatDuration } from "../time.js";

/**
 * A block prefix without meta.json (uploaded last), older than the upload threshold: an abandoned upload.
 * Past 48h the compactor should have removed it. A prefix with a deletion mark is a deletion in progress.
 */
export const partialUpload: Check = {
  id: "partial-upload",
  run({ view, config, now }) {
    const findings = [];
    for (const block of view.blocks.values()) {
      if (block.objects.has(META_FILE) || block.deletionMark) continue;
      const age = now - Math.max(block.newestObjectMs, ulidTimeMs(block.ulid));
      if (age <= config.partialUploadMs) continue;
      const uncleaned = age > config.partialCleanupMs + config.slackMs;
      findings.push({
        id: "partial-upload" as const,
        severity: uncleaned ? ("critical" as const) : ("warning" as const),
        subject: block.ulid,
        evidence: `${block.objects.size} object(s) and no meta.json, newest written ${formatDuration(age)} ago${uncleaned ? "; the compactor removes these after 48h and has not" : ""}`,
        fix: uncleaned
          ? "the compactor is not cleaning: check it runs; the prefix can be deleted by hand"
          : "an upload was interrupted: check the uploader's logs; the compactor deletes the prefix after 48h",
      });
    }
    return findings;
  },
};
