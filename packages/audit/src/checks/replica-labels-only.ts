import { compactorLabels, labelsKey, leavesNoLabels } from "@fleetwatch/thanos";
import type { Check } from "../check.js";

/**
 * A stream whose only external labels are replica labels: the compactor removes them, finds no label left and
 * injects `<first replica label>="deduped"` (Thanos's `ReplicaLabelRemover`, see `compactorLabels`), warning on
 * every sync; every such uploader then shares one compaction group. fleetwatch's Ruler before `ruler.replicas`
 * (only `rule_replica="a"`) did this. A warning while the stream is still written (its newest raw block younger
 * than the critical staleness), information once only old blocks are left to age out.
 */
export const replicaLabelsOnly: Check = {
  id: "replica-labels-only",
  run({ streams, config, now }) {
    return streams
      .filter((stream) => leavesNoLabels(stream.labels, config.replicaLabels))
      .map((stream) => {
        const written =
          stream.newestRawMaxTime !== undefined && now - stream.newestRawMaxTime < config.staleCriticalMs;
        const seen = labelsKey(compactorLabels(stream.labels, config.replicaLabels));
        return {
          id: "replica-labels-only" as const,
          severity: written ? ("warning" as const) : ("info" as const),
          subject: stream.key,
          evidence: `${stream.blocks.length} block(s) whose only external labels are replica labels (${config.replicaLabels.join(", ")}): the compactor removes them, finds no label left and groups the blocks as ${seen}, with every other such stream`,
          fix: written
            ? 'give the uploader an external label that is not a replica label (fleetwatch\'s Ruler carries fleetwatch_ruler="global"), then redeploy it'
            : "nothing to do: old blocks of an uploader since relabelled; retention deletes them",
        };
      });
  },
};
