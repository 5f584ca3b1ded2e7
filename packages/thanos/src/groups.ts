import type { BlockMeta } from "./meta.js";

/** Replica labels of the kube-thanos HA conventions, removed by the compactor's deduplication. */
export const DEFAULT_REPLICA_LABELS = ["prometheus_replica", "rule_replica"] as const;

/** External labels rendered the way Thanos prints them: `{a="1",b="2"}`, keys sorted. */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${pairs.join(",")}}`;
}

/** The labels without the given replica labels. */
export function withoutReplicaLabels(
  labels: Readonly<Record<string, string>>,
  replicaLabels: readonly string[],
): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !replicaLabels.includes(k)));
}

/**
 * The compactor's group key: resolution + external labels (`compact.DefaultGroupKey`), minus `replicaLabels`
 * when the compactor deduplicates (`--deduplication.replica-label`).
 */
export function compactionGroupKey(meta: BlockMeta, replicaLabels: readonly string[] = []): string {
  const labels = withoutReplicaLabels(meta.thanos.labels, replicaLabels);
  return `${meta.thanos.downsample.resolution}@${labelsKey(labels)}`;
}
