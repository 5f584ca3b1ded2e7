import {
  type Cpu,
  FARGATE_CPUS,
  FARGATE_MEMORY_GB,
  MAX_SHARDS,
  type ResolvedConfig,
  sizeGb,
} from "@fleetwatch/config";
import { type HostProfile, TYPICAL_EC2_HOST } from "./host.js";
import { taskMemoryNeededGib } from "./memory-model.js";
import { enabledCollectors, type InstanceSeries, instanceSeries } from "./series-model.js";

/**
 * The share of instances the fullest shard may get beyond an even split: `hashmod` on instance ids spreads them
 * evenly only on average.
 */
export const HASH_IMBALANCE = 0.1;

/** A Fargate task size by CPU and memory. */
export interface FargateSize {
  readonly cpu: Cpu;
  readonly memoryGb: number;
}

/** The capacity of one scrape group: an estimate, or the reason there is none. */
export type GroupCapacity = GroupEstimate | GroupWithoutEstimate;

/** A group without `expectedInstances`: the plan sizes nothing for it. */
export interface GroupWithoutEstimate {
  readonly kind: "no-estimate";
  /** Index in `scrapeGroups`. */
  readonly index: number;
  readonly group: string;
  readonly shards: number;
}

/** What a group's shards need against the task they run in. */
export interface GroupEstimate {
  readonly kind: "estimate";
  /** Index in `scrapeGroups`. */
  readonly index: number;
  readonly group: string;
  readonly shards: number;
  readonly expectedInstances: number;
  /** The series of one instance with the config's collectors on a {@link TYPICAL_EC2_HOST}. */
  readonly perInstance: InstanceSeries;
  /** Instances of the fullest shard: an even split rounded up, plus {@link HASH_IMBALANCE} from 2 shards on. */
  readonly instancesPerShard: number;
  /** Active head series of the fullest shard. */
  readonly seriesPerShard: number;
  /** Task memory (GiB) the shard needs with headroom (see memory-model.ts). */
  readonly memoryNeededGib: number;
  /** `tasks.prometheus`. */
  readonly task: FargateSize;
  /** Whether the task holds the shard with headroom. */
  readonly fits: boolean;
  /** The fewest shards (up to {@link MAX_SHARDS}) that fit `task`; undefined when none does. */
  readonly shardsThatFit: number | undefined;
  /**
   * The smallest Fargate size, with at least the task's CPU, that fits the current shards; undefined when none
   * does.
   */
  readonly sizeThatFits: FargateSize | undefined;
}

/** Instances of the fullest of `shards` shards. */
export function instancesPerShard(expectedInstances: number, shards: number): number {
  const even = Math.ceil(expectedInstances / shards);
  return shards === 1 ? even : Math.ceil(even * (1 + HASH_IMBALANCE));
}

function memoryNeeded(expectedInstances: number, shards: number, perInstance: number): number {
  return taskMemoryNeededGib(instancesPerShard(expectedInstances, shards) * perInstance);
}

/** The smallest Fargate size with at least `cpu` and `gib` of memory: least memory first, then least CPU. */
export function smallestSizeFor(gib: number, cpu: Cpu): FargateSize | undefined {
  const sizes = FARGATE_CPUS.slice(FARGATE_CPUS.indexOf(cpu)).flatMap((c) =>
    FARGATE_MEMORY_GB[c].filter((m) => m >= gib).map((memoryGb) => ({ cpu: c, memoryGb })),
  );
  return sizes.sort((a, b) => a.memoryGb - b.memoryGb)[0];
}

/** The capacity of every scrape group of the config, on `host` (a typical EC2 instance unless told). */
export function capacityPlan(config: ResolvedConfig, host: HostProfile = TYPICAL_EC2_HOST): GroupCapacity[] {
  const perInstance = instanceSeries(enabledCollectors(config.nodeExporter), host);
  const prometheus = config.tasks.prometheus;
  const task: FargateSize = { cpu: prometheus.cpu, memoryGb: sizeGb(prometheus.memory) ?? 0 };
  return config.scrapeGroups.map((group, index): GroupCapacity => {
    const { name, shards, expectedInstances } = group;
    if (expectedInstances === undefined) return { kind: "no-estimate", index, group: name, shards };
    const need = (s: number) => memoryNeeded(expectedInstances, s, perInstance.total);
    const instances = instancesPerShard(expectedInstances, shards);
    const memoryNeededGib = need(shards);
    const shardCounts = Array.from({ length: MAX_SHARDS }, (_, i) => i + 1);
    return {
      kind: "estimate",
      index,
      group: name,
      shards,
      expectedInstances,
      perInstance,
      instancesPerShard: instances,
      seriesPerShard: instances * perInstance.total,
      memoryNeededGib,
      task,
      fits: memoryNeededGib <= task.memoryGb,
      shardsThatFit: shardCounts.find((s) => need(s) <= task.memoryGb),
      sizeThatFits: smallestSizeFor(memoryNeededGib, task.cpu),
    };
  });
}
