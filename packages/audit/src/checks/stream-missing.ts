import { labelsKey } from "@fleetwatch/thanos";
import type { Check } from "../check.js";
import { matchesLabels } from "../streams.js";

/** A stream the config expects has no live block at all (in a bucket that could be read: an unread one proves nothing). */
export const streamMissing: Check = {
  id: "stream-missing",
  run({ streams, config, bucketError }) {
    if (bucketError !== undefined) return [];
    return config.expectedStreams.flatMap((expected) => {
      if (streams.some((s) => matchesLabels(s.labels, expected))) return [];
      return [
        {
          id: "stream-missing",
          severity: "critical",
          subject: labelsKey(expected),
          evidence: `no block in the bucket carries the external labels ${labelsKey(expected)}`,
          fix: "check that this replica runs and that Prometheus's external_labels match the expected labels",
        },
      ];
    });
  },
};
