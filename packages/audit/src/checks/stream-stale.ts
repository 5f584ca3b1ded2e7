import type { Check } from "../check.js";
import { formatDuration, isoSeconds } from "../time.js";

/**
 * A raw stream whose newest block ends too long ago: its Prometheus or sidecar stopped uploading. The stream of a
 * retired layout stopped on purpose: `stream-retired` reports it instead.
 */
export const streamStale: Check = {
  id: "stream-stale",
  run({ streams, config, now }) {
    return streams.flatMap((stream) => {
      if (stream.newestRawMaxTime === undefined || stream.retired) return [];
      const age = now - stream.newestRawMaxTime;
      if (age <= config.staleWarningMs) return [];
      const severity = age > config.staleCriticalMs ? "critical" : "warning";
      const limit = severity === "critical" ? config.staleCriticalMs : config.staleWarningMs;
      return [
        {
          id: "stream-stale",
          severity,
          subject: stream.key,
          evidence: `newest raw block ends ${isoSeconds(stream.newestRawMaxTime)}, ${formatDuration(age)} ago (limit ${formatDuration(limit)}; normal lag 1-3h)`,
          fix: "check this replica's Prometheus and Thanos sidecar task: is it running, and do its sidecar logs show uploads?",
        },
      ];
    });
  },
};
