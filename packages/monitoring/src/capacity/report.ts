import type { HostProfile } from "./host.js";
import { BYTES_PER_SERIES, BYTES_PER_SERIES_SOURCE } from "./memory-model.js";
import type { FargateSize, GroupCapacity, GroupEstimate } from "./plan.js";

const count = (n: number) => n.toLocaleString("en-US");
const gb = (n: number) => `${n.toFixed(1)} GB`;
const size = (s: FargateSize) => `{ cpu: "${s.cpu}", memory: "${s.memoryGb} GB" }`;

/** The fixes of a group that does not fit, in words: more shards, a bigger task, or both; or another group. */
function fixes(g: GroupEstimate): string {
  const options = [
    g.shardsThatFit === undefined ? undefined : `set scrapeGroups[${g.index}].shards to ${g.shardsThatFit}`,
    g.sizeThatFits === undefined ? undefined : `tasks.prometheus to ${size(g.sizeThatFits)}`,
  ].filter((o) => o !== undefined);
  if (options.length === 0)
    return `split scrapeGroups[${g.index}]'s instances into more scrape groups (no shard count up to 16 and no Fargate size holds them)`;
  return options.length === 2 ? `${options[0]}, or ${options[1]}` : `set ${options[0]?.replace(/^set /, "")}`;
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
  const shards = `${g.shards} shard${g.shards === 1 ? "" : "s"}`;
  const smallest = [
    `${g.shardsThatFit ?? "none up to 16"} shards`,
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
    `Capacity per Prometheus shard (a host of ${host.cpus} vCPUs, ${host.networkInterfaces} interfaces, ${host.disks} disk, ${host.filesystems} filesystems, ${host.systemdUnits} systemd units; memory with 30% headroom):`,
    `  bytes per series: ${BYTES_PER_SERIES} (${BYTES_PER_SERIES_SOURCE})`,
    ...plan.flatMap(groupLines),
    ...capacityWarnings(plan).map((w) => `warning: ${w}`),
  ].join("\n");
}
