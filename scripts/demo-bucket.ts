// The demo's Thanos bucket: two scrape groups x two replicas and the Ruler pair, 14 days of compacted and
// downsampled history, real promtool blocks for the newest hours of one stream when promtool is installed, and
// four injected faults.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { seededRandom } from "@fleetwatch/devkit/blocks";
import { blockFiles, createRealBlocks, hasPromtool } from "@fleetwatch/devkit/tsdb-blocks";
import { rulerExternalLabels } from "@fleetwatch/monitoring";
import { type BlockMeta, makeUlid, type Resolution } from "@fleetwatch/thanos";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Writes one object into the bucket (the loopback server's storage, or a PUT). */
export type PutObject = (key: string, body: string | Buffer, lastModified: number) => void | Promise<void>;

export interface DemoBucket {
  streams: Record<string, string>[];
  /** Whether promtool was found (real blocks) or every block is synthesized. */
  promtool: boolean;
  realBlocks: number;
  faults: { staleStream: string; overlap: string; partial: string; overdueDeletion: string };
}

type Labels = Record<string, string>;

export interface Spec {
  labels: Record<string, string>;
  minTime: number;
  maxTime: number;
  level: number;
  resolution: Resolution;
  createdAt: number;
}

async function putBlock(put: PutObject, spec: Spec, random: () => number, now: number): Promise<string> {
  spec = { ...spec, createdAt: Math.min(spec.createdAt, now - 10 * 60_000) };
  const ulid = makeUlid(spec.createdAt, random);
  const series = 240;
  const chunkBytes = Math.round(
    ((spec.maxTime - spec.minTime) / HOUR) * series * (spec.resolution ? 40 : 220),
  );
  const indexBytes = series * 180;
  const meta: BlockMeta = {
    ulid,
    minTime: spec.minTime,
    maxTime: spec.maxTime,
    version: 1,
    stats: {
      numSamples: ((spec.maxTime - spec.minTime) / 15_000) * series,
      numSeries: series,
      numChunks: series * 4,
    },
    compaction: { level: spec.level, sources: [ulid] },
    thanos: {
      labels: spec.labels,
      downsample: { resolution: spec.resolution },
      source: spec.level === 1 && spec.resolution === 0 ? "sidecar" : "compactor",
      files: [
        { rel_path: "chunks/000001", size_bytes: chunkBytes },
        { rel_path: "index", size_bytes: indexBytes },
        { rel_path: "meta.json" },
      ],
    },
  };
  await put(`${ulid}/chunks/000001`, Buffer.alloc(chunkBytes), spec.createdAt);
  await put(`${ulid}/index`, Buffer.alloc(indexBytes), spec.createdAt);
  await put(`${ulid}/meta.json`, JSON.stringify(meta, null, "\t"), spec.createdAt);
  return ulid;
}

/** Raw blocks of `step` from `from` to `to` at a compaction level, each written an hour after it ends. */
function raw(labels: Labels, from: number, to: number, step: number, level: number): Spec[] {
  const specs: Spec[] = [];
  for (let t = from; t < to; t += step)
    specs.push({ labels, minTime: t, maxTime: t + step, level, resolution: 0, createdAt: t + step + HOUR });
  return specs;
}

/** The history the compactor leaves for a stream whose newest raw block ends at `end`. */
export function history(labels: Record<string, string>, end: number): Spec[] {
  const specs: Spec[] = [];
  // The newest 8h range is still level 1 (never empty: the compactor waits for a range to fill).
  const end8 = Math.floor((end - 1) / (8 * HOUR)) * 8 * HOUR;
  // 48h blocks only for ranges wholly before the newest 8h range (the compactor never touches a group's newest block).
  const end48 = Math.floor(end8 / (2 * DAY)) * 2 * DAY;
  const start = end48 - 7 * 2 * DAY;
  for (let t = start; t < end48; t += 2 * DAY) {
    specs.push({
      labels,
      minTime: t,
      maxTime: t + 2 * DAY,
      level: 3,
      resolution: 0,
      createdAt: t + 2 * DAY + 2 * HOUR,
    });
    specs.push({
      labels,
      minTime: t,
      maxTime: t + 2 * DAY,
      level: 3,
      resolution: 300_000,
      createdAt: t + 2 * DAY + 3 * HOUR,
    });
  }
  specs.push(...raw(labels, end48, end8, 8 * HOUR, 2), ...raw(labels, end8, end, 2 * HOUR, 1));
  return specs;
}

/** Seeds the demo bucket as of `now`. `workDir` holds promtool's output. */
export async function seedDemoBucket(put: PutObject, now: number, workDir: string): Promise<DemoBucket> {
  const random = seededRandom(7);
  const streams = [
    ...["default", "payments"].flatMap((group) =>
      ["a", "b"].map((replica) => ({ fleetwatch_group: group, prometheus_replica: replica })),
    ),
    // The Ruler pair, as the stack labels it.
    ...["a", "b"].map((replica) => rulerExternalLabels({ replica })),
  ];
  const freshEnd = Math.floor((now - HOUR) / (2 * HOUR)) * 2 * HOUR;
  const [defaultA, , paymentsA, paymentsB] = streams as Record<string, string>[] as [
    Labels,
    Labels,
    Labels,
    Labels,
  ];
  const real = await hasPromtool();
  let overdueDeletion = "";
  for (const labels of streams) {
    // Fault 1: payments replica b stopped uploading about 10h ago.
    const end = labels === paymentsB ? freshEnd - 10 * HOUR : freshEnd;
    for (const spec of history(labels, end)) {
      // With promtool, the newest raw hours of default/a are real TSDB blocks instead.
      if (real && labels === defaultA && spec.level === 1) continue;
      await putBlock(put, spec, random, now);
    }
  }
  // Fault 2: a second copy of most of a 48h block of default/a (two compactors once ran at the same time).
  const compacted = history(defaultA, freshEnd).filter((s) => s.level === 3 && s.resolution === 0);
  const original = compacted[compacted.length - 1] as Spec;
  const overlap = await putBlock(
    put,
    { ...original, minTime: original.minTime + 8 * HOUR, createdAt: original.createdAt + HOUR },
    random,
    now,
  );
  let realBlocks = 0;
  if (real) {
    const start = Math.floor((freshEnd - 1) / (8 * HOUR)) * 8 * HOUR;
    for (const dir of await createRealBlocks(join(workDir, "promtool"), {
      labels: defaultA,
      start,
      end: freshEnd - 1,
    })) {
      const ulid = dir.slice(-26);
      for (const file of await blockFiles(dir))
        await put(`${ulid}/${file.rel}`, await readFile(file.path), now - 2 * HOUR);
      realBlocks++;
    }
  }
  // Fault 3: an upload of default/1 interrupted 5h ago: chunks and index, no meta.json.
  const partial = makeUlid(now - 5 * HOUR, random);
  await put(`${partial}/chunks/000001`, Buffer.alloc(4096), now - 5 * HOUR);
  await put(`${partial}/index`, Buffer.alloc(1024), now - 5 * HOUR);
  // Fault 4: a block of payments/0 marked for deletion 4 days ago and still there (inside the timeline's 14 days).
  const old = history(paymentsA, freshEnd)[4] as Spec;
  overdueDeletion = await putBlock(put, { ...old, level: 2, maxTime: old.minTime + 8 * HOUR }, random, now);
  const markTime = Math.floor((now - 4 * DAY) / 1000);
  await put(
    `${overdueDeletion}/deletion-mark.json`,
    JSON.stringify({
      id: overdueDeletion,
      version: 1,
      details: "compactor: source blocks covered",
      deletion_time: markTime,
    }),
    now - 4 * DAY,
  );
  // Something Thanos ignores: a legacy debug/metas copy.
  await put(`debug/metas/${overdueDeletion}.json`, "{}", now - 4 * DAY);
  return {
    streams,
    promtool: real,
    realBlocks,
    faults: { staleStream: JSON.stringify(paymentsB), overlap, partial, overdueDeletion },
  };
}
