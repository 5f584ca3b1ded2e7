import type { BlockMeta } from "@fleetwatch/thanos";
import type { ListedObject } from "./view.js";

/** A key range of the bucket (relative to its prefix): keys after `startAfter`, up to and including `lastKey`. */
export interface KeyRange {
  startAfter?: string;
  lastKey?: string;
}

/** The most keys one listing page holds: S3's ListObjectsV2 maximum, asked for by the S3 lister. */
export const LIST_PAGE_KEYS = 1000;

/** One page of a flat listing (no delimiter). */
export interface ListPage {
  objects: ListedObject[];
  /** Set when more keys follow. */
  nextToken?: string;
}

/** Lists a bucket flat, one page per call, in key order. Keys are relative to the bucket prefix. */
export interface ObjectLister {
  listPage(range: KeyRange, token?: string): Promise<ListPage>;
}

/** Reads one object's body as text; undefined when it does not exist (deleted since the listing). */
export interface ObjectReader {
  get(key: string): Promise<string | undefined>;
}

/** A marker as read last time, reused while its LastModified and size are unchanged. */
export interface CachedMarker {
  lastModified: number;
  size: number;
  text: string;
}

/** What the audit remembers between runs. meta.json never changes, so a block's meta is read once. */
export interface CacheState {
  version: 1;
  /** Valid metas by ULID. */
  metas: Record<string, BlockMeta>;
  /** Markers by key. */
  markers: Record<string, CachedMarker>;
  /**
   * Listing partition boundaries: each is the last key of a partition (the next one starts after it). Taken from
   * the previous listing at multiples of {@link LIST_PAGE_KEYS}, so every partition but the last lists whole
   * pages. Caches of earlier versions hold ULID strings (which no key equals): they split between blocks.
   */
  boundaries: string[];
}

/** Where the cache lives (the state bucket in AWS, a file for the CLI). */
export interface AuditCache {
  load(): Promise<CacheState | undefined>;
  save(state: CacheState): Promise<void>;
}
