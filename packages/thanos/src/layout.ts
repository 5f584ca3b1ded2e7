import { isUlid } from "./ulid.js";

/** Object names inside a block prefix (`pkg/block/metadata`). */
export const META_FILE = "meta.json";
export const INDEX_FILE = "index";
export const CHUNKS_DIR = "chunks";
export const DELETION_MARK_FILE = "deletion-mark.json";
export const NO_COMPACT_MARK_FILE = "no-compact-mark.json";
export const NO_DOWNSAMPLE_MARK_FILE = "no-downsample-mark.json";

export const MARKER_FILES = [DELETION_MARK_FILE, NO_COMPACT_MARK_FILE, NO_DOWNSAMPLE_MARK_FILE] as const;
export type MarkerFile = (typeof MARKER_FILES)[number];

/** A bucket key split into its block ULID and the path inside the block. */
export interface BlockKey {
  ulid: string;
  /** Path inside the block, e.g. `meta.json`, `chunks/000001`. */
  relPath: string;
}

/**
 * The block a key belongs to, or undefined when its top-level prefix is not a ULID: Thanos ignores those
 * (`debug/metas/`, bucket-web caches, anything else users keep in the bucket).
 */
export function blockKeyOf(key: string): BlockKey | undefined {
  const slash = key.indexOf("/");
  if (slash !== 26) return undefined;
  const ulid = key.slice(0, 26);
  const relPath = key.slice(27);
  if (!isUlid(ulid) || relPath === "") return undefined;
  return { ulid, relPath };
}

/** Whether a path inside a block is one of the three markers. */
export function isMarkerFile(relPath: string): relPath is MarkerFile {
  return (MARKER_FILES as readonly string[]).includes(relPath);
}
