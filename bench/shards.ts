// npm run bench:shards: how evenly fleetwatch's hash split spreads instances over shards, and what a reshard
// moves. 10,000 and 100,000 EC2-shaped instance ids (`i-` and 17 hex digits, drawn reproducibly) are split over 2,
// 4 and 8 shards with shardOf, the function the real Prometheus's hashmod is tested against
// (test/monitoring/shards.test.ts). The baseline is prometheus-operator's choice, hashmod of `__address__` (the
// private IP): as even, but an instance stopped and started gets a new IP and may change shard; the bench counts
// how many would (the instance id never changes). Last line: `shards instances=100000 worst_deviation=X moved_4_to_5=X` (deviation of the fullest
// or emptiest shard from an even split, worst over 2, 4 and 8 shards; the exact fraction of instances whose shard
// differs between 4 and 5 shards).
import { createHash } from "node:crypto";
import { shardOf } from "@fleetwatch/monitoring";

const SIZES = [10_000, 100_000] as const;
const SHARD_COUNTS = [2, 4, 8] as const;

/** The `index`-th id of a reproducible fleet: `i-` and 17 hex digits. */
function instanceId(index: number): string {
  return `i-${createHash("sha256").update(`fleetwatch-bench-${index}`).digest("hex").slice(0, 17)}`;
}

/** A private IP in 10.0.0.0/8 for the `index`-th instance at its `boot`-th start. */
function privateIp(index: number, boot: number): string {
  const d = createHash("sha256").update(`ip-${index}-${boot}`).digest();
  return `10.${d[0]}.${d[1]}.${Math.max(4, d[2] ?? 4)}`;
}

/** Largest relative deviation of a shard's count from `total / shards`. */
function worstDeviation(keys: readonly string[], shards: number): number {
  const counts = new Array<number>(shards).fill(0);
  for (const key of keys) {
    const shard = shardOf(key, shards);
    counts[shard] = (counts[shard] ?? 0) + 1;
  }
  const even = keys.length / shards;
  return Math.max(...counts.map((c) => Math.abs(c - even) / even));
}

function movedFraction(keys: readonly string[], from: number, to: number): number {
  return keys.filter((key) => shardOf(key, from) !== shardOf(key, to)).length / keys.length;
}

const format = (x: number) => x.toFixed(4);
let last = { instances: 0, worst: 0, moved: 0 };
for (const size of SIZES) {
  const ids = Array.from({ length: size }, (_, i) => instanceId(i));
  const deviations = SHARD_COUNTS.map((shards) => worstDeviation(ids, shards));
  const moved = movedFraction(ids, 4, 5);
  const ips = Array.from({ length: size }, (_, i) => privateIp(i, 0));
  const restartedIps = Array.from({ length: size }, (_, i) => privateIp(i, 1));
  const ipDeviations = SHARD_COUNTS.map((shards) => worstDeviation(ips, shards));
  const restartMoves = ips.filter((ip, i) => shardOf(ip, 4) !== shardOf(restartedIps[i] as string, 4)).length;
  console.log(
    `split instances=${size} ${SHARD_COUNTS.map((s, i) => `deviation_${s}=${format(deviations[i] ?? 0)}`).join(" ")} moved_4_to_5=${format(moved)}`,
  );
  console.log(
    `baseline_address instances=${size} ${SHARD_COUNTS.map((s, i) => `deviation_${s}=${format(ipDeviations[i] ?? 0)}`).join(" ")} moved_4_to_5=${format(movedFraction(ips, 4, 5))} moved_on_restart=${format(restartMoves / size)}`,
  );
  last = { instances: size, worst: Math.max(...deviations), moved };
}
console.log(
  `shards instances=${last.instances} worst_deviation=${format(last.worst)} moved_4_to_5=${format(last.moved)}`,
);
process.exit(last.worst <= 0.1 ? 0 : 1);
