import { labelsKey } from "@fleetwatch/thanos";
import type { Check } from "../check.js";
import { matchesExpected } from "../streams.js";
import { formatDuration } from "../time.js";

/**
 * A stream the config expects has no live block at all (in a bucket that could be read: an unread one proves
 * nothing). A stream expected only since recently (`expectedSince`: a new shard or group) is given the freshness
 * thresholds for its first upload: a warning past `staleWarningMs`, critical past `staleCriticalMs`.
 */
export const streamMissing: Check = {
  id: "stream-missing",
  run({ streams, config, bucketError, expectedSince, now }) {
    if (bucketError !== undefined) return [];
    return config.expectedStreams.flatMap((expected) => {
      if (streams.some((s) => matchesExpected(s.labels, expected, config.layoutLabels))) return [];
      const key = labelsKey(expected);
      const since = expectedSince?.[key];
      const waited = since === undefined ? undefined : now - since;
      if (waited !== undefined && waited <= config.staleWarningMs) return [];
      const critical = waited === undefined || waited > config.staleCriticalMs;
      return [
        {
          id: "stream-missing",
          severity: critical ? "critical" : "warning",
          subject: key,
          evidence: `no block in the bucket carries the external labels ${key}${
            waited === undefined
              ? ""
              : `, expected for ${formatDuration(waited)} (a first block takes up to 3h)`
          }`,
          fix: "check that this replica runs and that Prometheus's external_labels match the expected labels",
        },
      ];
    });
  },
};
