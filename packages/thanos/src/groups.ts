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

/** The value the compactor gives the first replica label of a block that has no other label. */
export const DEDUPED_VALUE = "deduped";

/**
 * Whether the compactor finds no label left on a block once it removed `replicaLabels`, and so injects
 * `<replicaLabels[0]>="deduped"` (never without replica labels: Thanos then leaves the labels alone).
 */
export function leavesNoLabels(
  labels: Readonly<Record<string, string>>,
  replicaLabels: readonly string[],
): boolean {
  return replicaLabels.length > 0 && Object.keys(withoutReplicaLabels(labels, replicaLabels)).length === 0;
}

/**
 * The external labels the compactor groups a block by. Thanos's `ReplicaLabelRemover`
 * (thanos-io/thanos pkg/block/fetcher.go, `Filter`; `Modify` in older releases) deletes every replica label;
 * a block left without labels gets `<replicaLabels[0]>="deduped"` and the warning "block has no labels left,
 * creating one" on every sync. With `--deduplication.replica-label=prometheus_replica` and `=rule_replica`, a
 * Ruler whose only external label is `rule_replica` lands in group `{prometheus_replica="deduped"}`.
 */
export function compactorLabels(
  labels: Readonly<Record<string, string>>,
  replicaLabels: readonly string[],
): Record<string, string> {
  const first = replicaLabels[0];
  if (first === undefined || !leavesNoLabels(labels, replicaLabels)) {
    return withoutReplicaLabels(labels, replicaLabels);
  }
  return { [first]: DEDUPED_VALUE };
}

/**
 * The compactor's group key: resolution + external labels (`compact.DefaultGroupKey`) as the compactor sees
 * them when it deduplicates on `replicaLabels` (`--deduplication.replica-label`): {@link compactorLabels}.
 */
export function compactionGroupKey(meta: BlockMeta, replicaLabels: readonly string[] = []): string {
  const labels = compactorLabels(meta.thanos.labels, replicaLabels);
  return `${meta.thanos.downsample.resolution}@${labelsKey(labels)}`;
}
