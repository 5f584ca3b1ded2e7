import {
  type BlockMeta,
  blockKeyOf,
  isMarkerFile,
  META_FILE,
  parseBlockMeta,
  ulidTimePrefix,
} from "@fleetwatch/thanos";
import { ReadStoppedError } from "./errors.js";
import { MetaInterner } from "./intern.js";
import { mapLimit } from "./pool.js";
import {
  type AuditCache,
  type CachedMarker,
  type CacheState,
  type KeyRange,
  LIST_PAGE_KEYS,
  type ObjectLister,
  type ObjectReader,
} from "./ports.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { isOversized, type ListedObject } from "./view.js";

/** Progress of a read, for progress bars. */
export interface ReadProgress {
  phase: "list" | "get";
  listed: number;
  fetched: number;
  toFetch: number;
}

/** Options of {@link readBucket}. */
export interface ReadOptions {
  lister: ObjectLister;
  reader: ObjectReader;
  cache?: AuditCache;
  /** Unix ms; places the cold-start partition boundaries. */
  now: number;
  /** Listing partitions read in parallel. @default 16 */
  partitions?: number;
  /** Concurrent listing requests. @default 8 */
  listConcurrency?: number;
  /** Concurrent GETs. @default 32 */
  getConcurrency?: number;
  /** How object-store calls are retried; its `retryable` is the store's error classifier. */
  retry: RetryOptions;
  onProgress?: (progress: ReadProgress) => void;
  /**
   * When the run will be stopped (a Lambda's remaining time). Within `deadlineMarginMs` of it the read issues no
   * more requests and throws {@link ReadStoppedError} carrying what it read, for the cache. Absent: no limit.
   */
  deadline?: Deadline;
  /**
   * Time kept for what follows the read: GETs in flight, saving the cache, judging, storing the report, posting
   * to Slack and writing the delivery state. @default 30000 (a tenth of the audit Lambda's 5 minutes)
   */
  deadlineMarginMs?: number;
}

/** How long the run has left, e.g. `{ remainingMs: () => context.getRemainingTimeInMillis() }` in a Lambda. */
export interface Deadline {
  remainingMs(): number;
}

/** The default of {@link ReadOptions.deadlineMarginMs}. */
export const DEADLINE_MARGIN_MS = 30_000;

/** Requests made, for logs and the benchmark. */
export interface ReadStats {
  listRequests: number;
  getRequests: number;
  retries: number;
  cachedMetas: number;
  /** Why the cache could not be saved, when it could not. */
  cacheError?: string;
}

/** What one read of the bucket found. */
export interface BucketRead {
  listing: ListedObject[];
  /** Bodies of the markers, and of meta.json files that did not parse or validate (the view reports those). */
  texts: Map<string, string>;
  /** Valid metas by ULID, from the cache or read by this run, in the form the cache keeps. */
  cachedMetas: Map<string, BlockMeta>;
  /** The cache to save for the next run. */
  nextCache: CacheState;
  stats: ReadStats;
}

const HOUR = 3_600_000;

/**
 * Boundaries for a first run: ULID time prefixes at now - 2h x 2^k. Compacted history thins out with age, so
 * geometric slices hold similar numbers of blocks. Later runs use {@link pageBoundaries} of the previous listing.
 */
export function coldBoundaries(now: number, partitions: number): string[] {
  return Array.from({ length: partitions - 1 }, (_, k) => ulidTimePrefix(now - 2 * HOUR * 2 ** k)).reverse();
}

/**
 * Boundaries for the next run from this run's listing (all keys, in key order): the last key of every
 * `pages / partitions`-th page, at most `partitions - 1` of them. Were the bucket unchanged, every partition
 * would list only full pages and none would end in a partial one; new blocks (the newest ULIDs) land in the last
 * partition. So a warm run lists ceil(keys / pageKeys) pages, plus at most one per partition whose keys changed
 * (a new marker, a deleted block), whatever the number of partitions. Fewer than two pages: no boundaries.
 */
export function pageBoundaries(
  keys: readonly string[],
  partitions: number,
  pageKeys = LIST_PAGE_KEYS,
): string[] {
  const pages = Math.ceil(keys.length / pageKeys);
  const parts = Math.min(partitions, pages);
  return Array.from(
    { length: Math.max(parts - 1, 0) },
    (_, i) => keys[Math.floor(((i + 1) * pages) / parts) * pageKeys - 1] as string,
  );
}

function rangesOf(boundaries: readonly string[]): KeyRange[] {
  const edges = [...new Set(boundaries)].sort();
  return Array.from({ length: edges.length + 1 }, (_, i) => ({
    ...(i > 0 ? { startAfter: edges[i - 1] } : {}),
    ...(i < edges.length ? { lastKey: edges[i] } : {}),
  }));
}

/**
 * One flat listing of the bucket, split into key ranges listed in parallel, then GETs of only the meta.json
 * files not in the cache and the markers that changed. Throttling is retried with backoff and jitter. Near its
 * `deadline` the read stops issuing requests and throws {@link ReadStoppedError} with the progress to save.
 */
export async function readBucket(options: ReadOptions): Promise<BucketRead> {
  const partitions = options.partitions ?? 16;
  const { retry } = options;
  const stats: ReadStats = { listRequests: 0, getRequests: 0, retries: 0, cachedMetas: 0 };
  const onRetry = () => stats.retries++;
  const interner = new MetaInterner();
  const cache = await loadCache(options.cache, interner);
  const boundaries = cache?.boundaries.length ? cache.boundaries : coldBoundaries(options.now, partitions);
  const progress: ReadProgress = { phase: "list", listed: 0, fetched: 0, toFetch: 0 };
  const margin = options.deadlineMarginMs ?? DEADLINE_MARGIN_MS;
  let stopped = false;
  // Once set it stays set: remaining time only shrinks, and a read that stopped must not resume.
  const stop = () => {
    stopped ||= options.deadline !== undefined && options.deadline.remainingMs() < margin;
    return stopped;
  };

  const pages = await mapLimit(rangesOf(boundaries), options.listConcurrency ?? 8, async (range) => {
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      if (stop()) break;
      const page = await withRetry(
        `list ${range.startAfter ?? "start"}..${range.lastKey ?? "end"}`,
        () => options.lister.listPage(range, token),
        retry,
        onRetry,
      );
      stats.listRequests++;
      const last = range.lastKey;
      const inRange = last === undefined ? page.objects : page.objects.filter((o) => o.key <= last);
      objects.push(...inRange);
      progress.listed += inRange.length;
      options.onProgress?.(progress);
      // A partition that ends on a page's last key asks for no further page of the next partition's keys.
      const ended =
        inRange.length < page.objects.length || (last !== undefined && inRange.at(-1)?.key === last);
      token = ended ? undefined : page.nextToken;
    } while (token);
    return objects;
  });
  const listing = pages.flat();
  if (stopped) throw new ReadStoppedError(stats, undefined, cache ?? emptyCache());

  const cachedMetas = new Map<string, BlockMeta>();
  const markers: Record<string, CachedMarker> = {};
  const texts = new Map<string, string>();
  const toFetch: ListedObject[] = [];
  for (const object of listing) {
    const parts = blockKeyOf(object.key);
    // Too big to be real: never read (the view reports it as corrupt), so one such file cannot sink the audit.
    if (!parts || isOversized(object)) continue;
    if (parts.relPath === META_FILE) {
      const meta = cache?.metas[parts.ulid];
      if (meta) cachedMetas.set(parts.ulid, meta);
      else toFetch.push(object);
    } else if (isMarkerFile(parts.relPath)) {
      const known = cache?.markers[object.key];
      if (known && known.lastModified === object.lastModified && known.size === object.size) {
        texts.set(object.key, known.text);
        markers[object.key] = known;
      } else toFetch.push(object);
    }
  }
  stats.cachedMetas = cachedMetas.size;
  progress.phase = "get";
  progress.toFetch = toFetch.length;
  options.onProgress?.(progress);

  const newMetas: Record<string, BlockMeta> = {};
  const parsedMetas = new Map<string, BlockMeta>();
  let left = 0;
  await mapLimit(toFetch, options.getConcurrency ?? 32, async (object) => {
    if (stop()) {
      left++;
      return;
    }
    const text = await withRetry(`read ${object.key}`, () => options.reader.get(object.key), retry, onRetry);
    stats.getRequests++;
    progress.fetched++;
    options.onProgress?.(progress);
    if (text === undefined) return;
    const parts = blockKeyOf(object.key);
    if (parts?.relPath === META_FILE) {
      const parsed = parseBlockMeta(text);
      // A valid meta is kept parsed, in the form the cache keeps (the view needs no more); only a text the view
      // will report as a problem is kept as text. 100,000 meta texts would cost about 70 MB.
      if (parsed.ok && parsed.value.ulid === parts.ulid) {
        const meta = interner.meta(cachedForm(parsed.value));
        newMetas[parts.ulid] = meta;
        parsedMetas.set(parts.ulid, meta);
      } else texts.set(object.key, text);
    } else {
      texts.set(object.key, text);
      markers[object.key] = { lastModified: object.lastModified, size: object.size, text };
    }
  });

  const nextBoundaries = pageBoundaries(
    listing.map((o) => o.key),
    partitions,
  );
  if (stopped) {
    // Keep every meta of the previous cache too: only a complete listing may drop those of deleted blocks.
    const metas = { ...cache?.metas, ...newMetas };
    throw new ReadStoppedError(stats, left, {
      version: 1,
      metas,
      markers: { ...cache?.markers, ...markers },
      boundaries: nextBoundaries.length ? nextBoundaries : (cache?.boundaries ?? []),
    });
  }
  const metas: Record<string, BlockMeta> = { ...Object.fromEntries(cachedMetas), ...newMetas };
  for (const [ulid, meta] of parsedMetas) cachedMetas.set(ulid, meta);
  const nextCache: CacheState = { version: 1, metas, markers, boundaries: nextBoundaries };
  return { listing, texts, cachedMetas, nextCache, stats };
}

/**
 * What the cache keeps of a meta: everything the checks and `fleetwatch blocks` read (stats are three numbers).
 * Sources and parents (hundreds of ULIDs for a 14-day block) are dropped; they only make the cache bigger and
 * every warm run slower.
 */
function cachedForm(meta: BlockMeta): BlockMeta {
  const { compaction, ...rest } = meta;
  return { ...rest, compaction: { level: compaction.level, ...(compaction.failed ? { failed: true } : {}) } };
}

function emptyCache(): CacheState {
  return { version: 1, metas: {}, markers: {}, boundaries: [] };
}

/** A cache that does not load or has the wrong shape is treated as empty: the run is cold, never failed. */
async function loadCache(
  cache: AuditCache | undefined,
  interner: MetaInterner,
): Promise<CacheState | undefined> {
  if (!cache) return undefined;
  try {
    const state = await cache.load();
    const valid =
      state?.version === 1 &&
      typeof state.metas === "object" &&
      state.metas !== null &&
      typeof state.markers === "object" &&
      state.markers !== null &&
      Array.isArray(state.boundaries);
    if (!valid) return undefined;
    for (const [ulid, meta] of Object.entries(state.metas)) state.metas[ulid] = interner.meta(meta);
    return state;
  } catch {
    return undefined;
  }
}
