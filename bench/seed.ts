import { seededRandom } from "@fleetwatch/devkit/blocks";
import type { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import { type BlockMeta, makeUlid } from "@fleetwatch/thanos";

const HOUR = 3_600_000;

/** What the benchmark asks its server process to do. */
export type ServerCommand =
  | { op: "seed"; bucket: string; count: number; createdFrom: number; createdTo: number; seed: number }
  | { op: "bucket"; bucket: string }
  /** Puts the gzipped content of a local file: the audit cache, as the Lambda's S3AuditCache keeps it. */
  | { op: "put-gzipped"; bucket: string; key: string; path: string }
  | { op: "reset" }
  | { op: "counts" };

/** Writes `count` level-1 raw blocks (meta.json, index, chunks/000001) with ULIDs spread over [from, to). */
export function seedBlocks(server: LoopbackS3, command: Extract<ServerCommand, { op: "seed" }>): void {
  const rnd = seededRandom(command.seed);
  const { count, createdFrom, createdTo, bucket } = command;
  for (let i = 0; i < count; i++) {
    const created = createdFrom + ((createdTo - createdFrom) * i) / count;
    const ulid = makeUlid(created, rnd);
    const minTime = Math.floor((created - 3 * HOUR) / (2 * HOUR)) * 2 * HOUR;
    const meta: BlockMeta = {
      ulid,
      minTime,
      maxTime: minTime + 2 * HOUR,
      version: 1,
      stats: { numSamples: 28_800, numSeries: 60, numChunks: 240 },
      compaction: { level: 1, sources: [ulid] },
      thanos: {
        labels: { fleetwatch_group: `g${i % 50}`, prometheus_replica: i % 2 === 0 ? "a" : "b" },
        downsample: { resolution: 0 },
        source: "sidecar",
        files: [
          { rel_path: "chunks/000001", size_bytes: 64 },
          { rel_path: "index", size_bytes: 32 },
          { rel_path: "meta.json" },
        ],
      },
    };
    server.put(bucket, `${ulid}/chunks/000001`, Buffer.alloc(64), created);
    server.put(bucket, `${ulid}/index`, Buffer.alloc(32), created);
    server.put(bucket, `${ulid}/meta.json`, JSON.stringify(meta), created);
  }
}
