import { compactorLabels, labelsKey } from "@fleetwatch/thanos";
import type { AuditConfig } from "./config.js";
import { type BucketView, type LoadedBlock, liveBlocks } from "./view.js";

/** One raw stream: the blocks of one external-label set (replica included) at raw resolution. */
export interface Stream {
  /** `{a="1",prometheus_replica="0"}` */
  key: string;
  labels: Record<string, string>;
  /**
   * The HA group the stream belongs to: its labels as the compactor sees them (replica labels removed; none
   * left: `prometheus_replica="deduped"`, as Thanos injects).
   */
  group: string;
  /** Live blocks at every resolution, sorted by minTime. */
  blocks: LoadedBlock[];
  /** Highest maxTime of its raw blocks (Unix ms), or undefined without raw blocks. */
  newestRawMaxTime: number | undefined;
  /** The stream of a retired layout ({@link AuditConfig.layoutLabels}): no longer written, not judged as stale. */
  retired: boolean;
}

/** The streams of a bucket, by key, from live blocks (valid meta.json, no deletion mark). */
export function streamsOf(
  view: BucketView,
  config: Pick<AuditConfig, "replicaLabels"> & Partial<Pick<AuditConfig, "expectedStreams" | "layoutLabels">>,
): Stream[] {
  const byKey = new Map<string, Stream>();
  for (const block of liveBlocks(view)) {
    const key = labelsKey(block.meta.thanos.labels);
    let stream = byKey.get(key);
    if (!stream) {
      const labels = block.meta.thanos.labels;
      const group = labelsKey(compactorLabels(labels, config.replicaLabels));
      stream = {
        key,
        labels,
        group,
        blocks: [],
        newestRawMaxTime: undefined,
        retired: isRetired(labels, config),
      };
      byKey.set(key, stream);
    }
    stream.blocks.push(block);
    if (block.meta.thanos.downsample.resolution === 0) {
      stream.newestRawMaxTime = Math.max(stream.newestRawMaxTime ?? -Infinity, block.meta.maxTime);
    }
  }
  for (const stream of byKey.values()) stream.blocks.sort((a, b) => a.meta.minTime - b.meta.minTime);
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Whether a stream's labels are those of an expected stream: every label of `expected`, and of the layout labels
 * only those `expected` names (`{fleetwatch_group="web",fleetwatch_shard="1",prometheus_replica="a"}` is not the
 * stream `{fleetwatch_group="web",prometheus_replica="a"}` of the unsharded layout).
 */
export function matchesExpected(
  labels: Readonly<Record<string, string>>,
  expected: Readonly<Record<string, string>>,
  layoutLabels: readonly string[],
): boolean {
  return (
    matchesLabels(labels, expected) && layoutLabels.every((name) => name in expected || !(name in labels))
  );
}

/** Whether a stream with these labels belongs to a retired layout: it carries layout labels no expected stream has. */
function isRetired(
  labels: Readonly<Record<string, string>>,
  config: Partial<Pick<AuditConfig, "expectedStreams" | "layoutLabels">>,
): boolean {
  const { expectedStreams = [], layoutLabels = [] } = config;
  if (expectedStreams.length === 0 || !layoutLabels.some((name) => name in labels)) return false;
  return !expectedStreams.some((expected) => matchesExpected(labels, expected, layoutLabels));
}

/** Whether `labels` carries every label of `subset`. */
export function matchesLabels(
  labels: Readonly<Record<string, string>>,
  subset: Readonly<Record<string, string>>,
) {
  return Object.entries(subset).every(([k, v]) => labels[k] === v);
}
