import { z } from "zod";
import { isUlid } from "./ulid.js";

/** Why a block is excluded from compaction (`metadata.NoCompactReason`). */
export const NO_COMPACT_REASONS = [
  "manual",
  "index-size-exceeding",
  "block-index-out-of-order-chunk",
  "downsample-vertical-compaction",
] as const;
export type NoCompactReason = (typeof NO_COMPACT_REASONS)[number];

/** Why a block is excluded from downsampling. Thanos writes only `manual` today; others are kept as text. */
export type NoDownsampleReason = "manual" | (string & {});

const ulid = z.string().refine(isUlid, "must be a ULID");
/** Marker times are Unix seconds. */
const seconds = z.number().int().nonnegative();

/** deletion-mark.json: the block is deleted `--delete-delay` after `deletion_time`. */
export const deletionMarkSchema = z.object({
  id: ulid,
  version: z.literal(1),
  details: z.string().optional(),
  deletion_time: seconds,
});

/** no-compact-mark.json: the compactor leaves the block alone. */
export const noCompactMarkSchema = z.object({
  id: ulid,
  version: z.literal(1),
  details: z.string().optional(),
  no_compact_time: seconds,
  reason: z.enum(NO_COMPACT_REASONS),
});

/** no-downsample-mark.json: the compactor does not downsample the block. */
export const noDownsampleMarkSchema = z.object({
  id: ulid,
  version: z.literal(1),
  details: z.string().optional(),
  no_downsample_time: seconds,
  reason: z.string(),
});

export type DeletionMark = z.infer<typeof deletionMarkSchema>;
export type NoCompactMark = z.infer<typeof noCompactMarkSchema>;
export type NoDownsampleMark = z.infer<typeof noDownsampleMarkSchema>;
