import { createHash } from "node:crypto";

/**
 * The shard that scrapes an instance: what Prometheus's `hashmod` relabel action computes from the instance id (the
 * MD5 of the value, its last 8 bytes read as a big-endian unsigned 64-bit integer, modulo `shards`). The relabel
 * rules of ec2-discovery.ts make Prometheus do this; this function lets the plan, the bench and the tests predict
 * it.
 */
export function shardOf(instanceId: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1)
    throw new RangeError(`shards must be a positive integer, got ${shards}`);
  const digest = createHash("md5").update(instanceId).digest();
  return Number(digest.readBigUInt64BE(8) % BigInt(shards));
}
