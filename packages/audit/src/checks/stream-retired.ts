import type { Check } from "../check.js";
import { formatDuration, isoSeconds } from "../time.js";

/**
 * A stream of a retired layout (`retired`, from `layoutLabels`): a scrape group removed or resharded, whose
 * replicas no longer run. Its blocks stay queryable until retention deletes them. Information, announced once.
 */
export const streamRetired: Check = {
  id: "stream-retired",
  run({ streams, now }) {
    return streams
      .filter((stream) => stream.retired)
      .map((stream) => ({
        id: "stream-retired" as const,
        severity: "info" as const,
        subject: stream.key,
        evidence: `no longer part of the deployed layout; ${stream.blocks.length} block(s)${
          stream.newestRawMaxTime === undefined
            ? ""
            : `, the newest raw block ends ${isoSeconds(stream.newestRawMaxTime)} (${formatDuration(now - stream.newestRawMaxTime)} ago)`
        }`,
        fix: "nothing to do after a reshard or a removed group: the blocks stay queryable until retention deletes them; otherwise check scrapeGroups",
      }));
  },
};
