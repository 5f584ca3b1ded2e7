import { compactionGroupKey, DELAY_EXEMPT_SOURCES, ulidTimeMs } from "@fleetwatch/thanos";
import type { Check } from "../check.js";
import { isoSeconds } from "../time.js";
import { type LoadedBlock, liveBlocks } from "../view.js";

/** When Thanos considers a block uploaded: `thanos.upload_time`, or its ULID time for older uploaders. */
export function uploadedAt(block: LoadedBlock): number {
  const upload = block.meta.thanos.upload_time;
  return upload ? Date.parse(upload) : ulidTimeMs(block.ulid);
}

/**
 * Blocks of one compaction group (resolution + all external labels) whose time ranges overlap, ignoring
 * deletion-marked and too-fresh blocks as the compactor does: the compactor halts on them.
 */
export const overlap: Check = {
  id: "overlap",
  run({ view, config, now }) {
    const groups = new Map<string, LoadedBlock[]>();
    for (const block of liveBlocks(view)) {
      const fresh =
        !DELAY_EXEMPT_SOURCES.includes(block.meta.thanos.source) &&
        now - uploadedAt(block) < config.consistencyDelayMs;
      if (fresh) continue;
      const key = compactionGroupKey(block.meta);
      const group = groups.get(key);
      if (group) group.push(block);
      else groups.set(key, [block]);
    }
    const findings = [];
    for (const [group, blocks] of groups) {
      blocks.sort((a, b) => a.meta.minTime - b.meta.minTime || a.ulid.localeCompare(b.ulid));
      let reach: LoadedBlock | undefined;
      for (const block of blocks) {
        if (reach && block.meta.minTime < reach.meta.maxTime) {
          findings.push({
            id: "overlap" as const,
            severity: "critical" as const,
            subject: block.ulid,
            evidence: `[${isoSeconds(block.meta.minTime)}, ${isoSeconds(block.meta.maxTime)}) overlaps ${reach.ulid} [${isoSeconds(reach.meta.minTime)}, ${isoSeconds(reach.meta.maxTime)}) in group ${group}`,
            fix: `the compactor will halt: find the duplicate writer (two replicas with identical external labels?), then mark one block for deletion (thanos tools bucket mark --id ${block.ulid} --marker deletion-mark.json)`,
          });
        }
        if (!reach || block.meta.maxTime > reach.meta.maxTime) reach = block;
      }
    }
    return findings;
  },
};
