import { z } from "zod";
import { isUlid } from "./ulid.js";

/** Resolutions the compactor writes, in milliseconds: raw, 5 minutes, 1 hour. */
export const RESOLUTIONS = [0, 300_000, 3_600_000] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Who wrote a block (`metadata.SourceType`). */
export const BLOCK_SOURCES = [
  "sidecar",
  "receive",
  "compactor",
  "compactor.repair",
  "ruler",
  "bucket.repair",
  "bucket.rewrite",
  "bucket.upload",
  "test",
  "",
] as const;
export type BlockSource = (typeof BLOCK_SOURCES)[number];

/** Sources exempt from the consistency delay: the compactor and repairs write whole blocks at once. */
export const DELAY_EXEMPT_SOURCES: readonly BlockSource[] = [
  "compactor",
  "compactor.repair",
  "bucket.repair",
];

const ulid = z.string().refine(isUlid, "must be a ULID");
const millis = z.number().int();
const count = z.number().int().nonnegative();

const blockFile = z.object({
  rel_path: z.string().min(1),
  size_bytes: count.optional(),
  hash: z.unknown().optional(),
});

/**
 * meta.json of a block (Prometheus `tsdb.BlockMeta` + Thanos's `thanos` section), version 1.
 * Unknown keys are accepted and dropped, as Go's json.Unmarshal does.
 */
export const blockMetaSchema = z
  .object({
    ulid,
    minTime: millis,
    maxTime: millis,
    version: z.literal(1),
    stats: z
      .object({
        numSamples: count.optional(),
        numSeries: count.optional(),
        numChunks: count.optional(),
        numTombstones: count.optional(),
      })
      .optional(),
    compaction: z.object({
      level: z.number().int().min(1),
      sources: z.array(ulid).optional(),
      parents: z.array(z.object({ ulid, minTime: millis, maxTime: millis })).optional(),
      failed: z.boolean().optional(),
      deletable: z.boolean().optional(),
    }),
    thanos: z.object({
      labels: z.record(z.string(), z.string()),
      downsample: z.object({ resolution: z.union(RESOLUTIONS.map((r) => z.literal(r))) }),
      source: z.enum(BLOCK_SOURCES),
      files: z.array(blockFile).optional(),
      upload_time: z.iso.datetime({ offset: true }).optional(),
    }),
  })
  .refine((m) => m.minTime < m.maxTime, { message: "minTime must be below maxTime", path: ["maxTime"] });

export type BlockMeta = z.infer<typeof blockMetaSchema>;
export type BlockFile = z.infer<typeof blockFile>;
