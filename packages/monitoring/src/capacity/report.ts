import { MAX_SHARDS } from "@fleetwatch/config";
import type { HostProfile } from "./host.js";
import { BYTES_PER_SERIES, BYTES_PER_SERIES_SOURCE, MEMORY_HEADROOM } from "./memory-model.js";
import type { FargateSize, GroupCapacity, GroupEstimate } from "./plan.js";

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;
const gb = (n: number) => `${n.toFixed(1)} GB`;
const size = (s: FargateSize) => `{ cpu: "${s.cpu}", memory: "${s.memoryGb} GB" }`;

/** The fixes of a group that does not fit, in words: more shards, a bigger task, or both; or another group. */
function fixes(g: GroupEstimate): string {
  const options = [
    g.shardsThatFit === undefined ? undefined : `scrapeGroups[${g.index}].shards to ${g.shardsThatFit}`,
    g.sizeThatFits === undefined ? undefined : `tasks.prometheus to ${size(g.sizeThatFits)}`,
  ].filter((o) => o !== undefined);
  if (options.length === 0)
    return `split scrapeGroups[${g.index}]'s instances into more scrape groups (no shard count up to ${MAX_SHARDS} and no Fargate size holds them)`;
  return `set ${options.join(", or ")}`;
}

function shortage(g: GroupEstimate): string {
  const split = g.shards === 1 ? "" : ` in ${g.shards} shards (${count(g.instancesPerShard)} in the fullest)`;
  return `${count(g.expectedInstances)} instances${split} x ${count(g.perInstance.total)} series need ~${gb(g.memoryNeededGib)} per shard, tasks.prometheus has ${g.task.memoryGb} GB`;
}

/**
 * One line per group whose estimate exceeds `tasks.prometheus`, naming the key and the fix. Warnings, not errors:
 * the estimate is a model, so the deploy may still proceed.
 */
export function capacityWarnings(plan: readonly GroupCapacity[]): string[] {
  return plan
    .filter((g): g is GroupEstimate => g.kind === "estimate" && !g.fits)
    .map((g) => `scrapeGroups[${g.index}]: ${shortage(g)}. Fix: ${fixes(g)}`);
}

function groupLines(g: GroupCapacity): string[] {
  if (g.kind === "no-estimate")
    return [`  ${g.group}: no estimate (set scrapeGroups[${g.index}].expectedInstances to size it)`];
  const shards = plural(g.shards, "shard");
  const smallest = [
    g.shardsThatFit === undefined ? `no shard count up to ${MAX_SHARDS}` : plural(g.shardsThatFit, "shard"),
    g.sizeThatFits ? size(g.sizeThatFits) : "no Fargate size",
  ].join(" or ");
  return [
    `  ${g.group} (${count(g.expectedInstances)} instances, ${shards}): ${count(g.instancesPerShard)} instances x ${count(g.perInstance.total)} series = ${count(g.seriesPerShard)} active series per shard`,
    `    memory needed ~${gb(g.memoryNeededGib)}; tasks.prometheus ${g.task.cpu} / ${g.task.memoryGb} GB ${g.fits ? "holds it with headroom" : "does NOT hold it"}; smallest that would: ${smallest}`,
  ];
}

/** The plan's capacity section: the assumptions, a line per group, then the warnings. */
export function formatCapacityPlan(plan: readonly GroupCapacity[], host: HostProfile): string {
  return [
    `Capacity per Prometheus shard (hosts of ${plural(host.cpus, "vCPU")}, ${plural(host.networkInterfaces, "interface")}, ${plural(host.disks, "disk")}, ${plural(host.filesystems, "filesystem")}, ${plural(host.systemdUnits, "systemd unit")}; memory for a working set of at most ${MEMORY_HEADROOM * 100}% of the task):`,
    `  bytes per series: ${BYTES_PER_SERIES} (${BYTES_PER_SERIES_SOURCE})`,
    ...plan.flatMap(groupLines),
    ...capacityWarnings(plan).map((w) => `warning: ${w}`),
  ].join("\n");
}
