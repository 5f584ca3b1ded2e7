import type { ListedObject } from "@fleetwatch/audit";
import { type BlockMeta, makeUlid, type Resolution } from "@fleetwatch/thanos";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The audits' reference time in tests. */
export const NOW = Date.parse("2026-11-20T12:00:00Z");

/** A reproducible pseudo-random source for ULIDs. */
export function seededRandom(start = 42): () => number {
  let s = start;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}
const random = seededRandom();

/** A fresh ULID created at `ms` (reproducible within a test file). */
export function ulidAt(ms: number): string {
  return makeUlid(ms, random);
}

export interface BlockSpec {
  ulid?: string;
  minTime: number;
  maxTime: number;
  labels?: Record<string, string>;
  resolution?: Resolution;
  level?: number;
  source?: BlockMeta["thanos"]["source"];
  /** Size of chunks/000001. */
  chunkBytes?: number;
  indexBytes?: number;
  /** When the objects were written (default: 1h after maxTime for raw level 1, else maxTime + 2d). */
  writtenAt?: number;
}

export const STREAM_A0 = { fleetwatch_group: "default", prometheus_replica: "0" };
export const STREAM_A1 = { fleetwatch_group: "default", prometheus_replica: "1" };

/** A valid Thanos meta.json for a spec, with `thanos.files` matching the objects the fixture writes. */
export function metaOf(spec: BlockSpec & { ulid: string }): BlockMeta {
  const level = spec.level ?? 1;
  return {
    ulid: spec.ulid,
    minTime: spec.minTime,
    maxTime: spec.maxTime,
    version: 1,
    stats: { numSamples: 1200, numSeries: 10, numChunks: 10 },
    compaction: { level, sources: [spec.ulid] },
    thanos: {
      labels: spec.labels ?? STREAM_A0,
      downsample: { resolution: spec.resolution ?? 0 },
      source: spec.source ?? (level === 1 && (spec.resolution ?? 0) === 0 ? "sidecar" : "compactor"),
      files: [
        { rel_path: "chunks/000001", size_bytes: spec.chunkBytes ?? 1000 },
        { rel_path: "index", size_bytes: spec.indexBytes ?? 200 },
        { rel_path: "meta.json" },
      ],
    },
  };
}

/** A bucket's objects and bodies, built block by block. */
export class BucketFixture {
  readonly objects = new Map<string, ListedObject>();
  readonly bodies = new Map<string, string>();

  put(key: string, body: string, lastModified: number, size = Buffer.byteLength(body)): this {
    this.objects.set(key, { key, size, lastModified });
    this.bodies.set(key, body);
    return this;
  }

  /** Adds a complete block; returns its ULID. */
  block(spec: BlockSpec): string {
    const writtenAt = spec.writtenAt ?? spec.maxTime + ((spec.level ?? 1) === 1 ? HOUR : 2 * DAY);
    const ulid = spec.ulid ?? ulidAt(writtenAt);
    const meta = metaOf({ ...spec, ulid });
    this.put(`${ulid}/chunks/000001`, "", writtenAt, spec.chunkBytes ?? 1000);
    this.put(`${ulid}/index`, "", writtenAt, spec.indexBytes ?? 200);
    this.put(`${ulid}/meta.json`, JSON.stringify(meta), writtenAt);
    return ulid;
  }

  /** Adds a marker of `kind` to a block. Times in seconds. */
  marker(ulid: string, file: string, body: Record<string, unknown>, writtenAt: number): this {
    return this.put(`${ulid}/${file}`, JSON.stringify({ id: ulid, version: 1, ...body }), writtenAt);
  }

  listing(): ListedObject[] {
    return [...this.objects.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** Everything a view needs: the listing and all bodies. */
  docs() {
    return { texts: this.bodies };
  }
}

/** 2h raw level-1 blocks of one stream from `from` to `to` (aligned to 2h). */
export function rawBlocks(
  fixture: BucketFixture,
  labels: Record<string, string>,
  from: number,
  to: number,
): string[] {
  const out: string[] = [];
  for (let t = from; t < to; t += 2 * HOUR)
    out.push(fixture.block({ minTime: t, maxTime: t + 2 * HOUR, labels }));
  return out;
}
