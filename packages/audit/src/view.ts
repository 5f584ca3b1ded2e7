import {
  type BlockMeta,
  blockKeyOf,
  DELETION_MARK_FILE,
  type DeletionMark,
  isMarkerFile,
  type MarkerFile,
  type Markers,
  META_FILE,
  NO_COMPACT_MARK_FILE,
  NO_DOWNSAMPLE_MARK_FILE,
  type NoCompactMark,
  type NoDownsampleMark,
  parseBlockMeta,
  parseMarker,
} from "@fleetwatch/thanos";

/** One object of a flat listing. */
export interface ListedObject {
  key: string;
  size: number;
  /** Unix ms. */
  lastModified: number;
  etag?: string;
}

/** An object inside a block prefix. */
export interface BlockObject {
  size: number;
  lastModified: number;
}

/** A document that did not parse or validate. */
export interface DocumentProblem {
  ulid: string;
  file: typeof META_FILE | MarkerFile;
  problem: string;
}

/** Everything the bucket says about one block prefix. */
export interface BlockEntry {
  ulid: string;
  /** Objects by path inside the block. */
  objects: Map<string, BlockObject>;
  /** Newest LastModified of the block's objects, Unix ms. */
  newestObjectMs: number;
  /** The parsed meta.json; absent when missing or corrupt. */
  meta?: BlockMeta;
  deletionMark?: DeletionMark;
  noCompactMark?: NoCompactMark;
  noDownsampleMark?: NoDownsampleMark;
}

/** The bucket as the checks see it: one listing plus the parsed metas and markers. */
export interface BucketView {
  blocks: Map<string, BlockEntry>;
  /** meta.json and markers that did not parse or validate. */
  problems: DocumentProblem[];
  /** Objects listed, including those under ignored prefixes. */
  objectCount: number;
  /** Objects outside any `<ULID>/` prefix (ignored by Thanos): their count and a few top-level names. */
  outside?: OutsideObjects;
}

/** What a listing held outside block prefixes, for findings that say what was seen instead of blocks. */
export interface OutsideObjects {
  count: number;
  /** Up to {@link OUTSIDE_EXAMPLES} distinct top-level names (`dir/` for prefixes), in listing order. */
  examples: string[];
}

/** How many top-level names {@link OutsideObjects} keeps. */
export const OUTSIDE_EXAMPLES = 5;

/**
 * The largest meta.json or marker the audit reads, by its listed size: 16 MiB. Real ones are a few KB (a 14-day
 * block with hundreds of sources stays well under 1 MiB); a bigger one is corrupt, and reading it whole would
 * exhaust memory or V8's string limit (about 512 MiB) and fail the whole audit.
 */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** The bodies the reader fetched (by key relative to the bucket prefix), and metas from the cache (by ULID). */
export interface ViewDocuments {
  texts: ReadonlyMap<string, string>;
  cachedMetas?: ReadonlyMap<string, BlockMeta>;
}

/**
 * Builds the view from a flat listing. Keys outside a ULID prefix are ignored, as Thanos does. A document that
 * does not parse becomes a {@link DocumentProblem}, never an exception.
 */
export function buildView(listing: Iterable<ListedObject>, docs: ViewDocuments): BucketView {
  const blocks = new Map<string, BlockEntry>();
  let objectCount = 0;
  const outside: OutsideObjects = { count: 0, examples: [] };
  for (const object of listing) {
    objectCount++;
    const parts = blockKeyOf(object.key);
    if (!parts) {
      noteOutside(outside, object.key);
      continue;
    }
    let entry = blocks.get(parts.ulid);
    if (!entry) {
      entry = { ulid: parts.ulid, objects: new Map(), newestObjectMs: 0 };
      blocks.set(parts.ulid, entry);
    }
    entry.objects.set(parts.relPath, { size: object.size, lastModified: object.lastModified });
    entry.newestObjectMs = Math.max(entry.newestObjectMs, object.lastModified);
  }
  const problems: DocumentProblem[] = [];
  for (const entry of blocks.values()) {
    for (const relPath of entry.objects.keys()) {
      if (relPath === META_FILE) attachMeta(entry, docs, problems);
      else if (isMarkerFile(relPath)) {
        const size = entry.objects.get(relPath)?.size ?? 0;
        if (isOversized({ size }))
          problems.push({ ulid: entry.ulid, file: relPath, problem: oversizedProblem(size) });
        else attachMarker(entry, relPath, docs.texts.get(`${entry.ulid}/${relPath}`), problems);
      }
    }
  }
  return { blocks, problems, objectCount, ...(outside.count > 0 ? { outside } : {}) };
}

function noteOutside(outside: OutsideObjects, key: string) {
  outside.count++;
  const slash = key.indexOf("/");
  const name = slash < 0 ? key : key.slice(0, slash + 1);
  if (outside.examples.length < OUTSIDE_EXAMPLES && !outside.examples.includes(name))
    outside.examples.push(name);
}

/** Whether a listed document is too big to read ({@link MAX_DOCUMENT_BYTES}). */
export function isOversized(object: Pick<ListedObject, "size">): boolean {
  return object.size > MAX_DOCUMENT_BYTES;
}

function oversizedProblem(size: number): string {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${mib(size)}, over the ${mib(MAX_DOCUMENT_BYTES)} bound for documents (real ones are KBs): not read`;
}

function attachMeta(entry: BlockEntry, docs: ViewDocuments, problems: DocumentProblem[]) {
  const size = entry.objects.get(META_FILE)?.size ?? 0;
  if (isOversized({ size })) {
    problems.push({ ulid: entry.ulid, file: META_FILE, problem: oversizedProblem(size) });
    return;
  }
  const cached = docs.cachedMetas?.get(entry.ulid);
  if (cached) {
    entry.meta = cached;
    return;
  }
  const text = docs.texts.get(`${entry.ulid}/${META_FILE}`);
  // Listed but gone when read: deleted in between (the compactor deletes meta.json first). Nothing to judge.
  if (text === undefined) {
    entry.objects.delete(META_FILE);
    return;
  }
  const parsed = parseBlockMeta(text);
  if (!parsed.ok) {
    problems.push({ ulid: entry.ulid, file: META_FILE, problem: parsed.error.problems });
  } else if (parsed.value.ulid !== entry.ulid) {
    problems.push({
      ulid: entry.ulid,
      file: META_FILE,
      problem: `ulid ${parsed.value.ulid} does not match its prefix`,
    });
  } else {
    entry.meta = parsed.value;
  }
}

function attachMarker(
  entry: BlockEntry,
  file: MarkerFile,
  text: string | undefined,
  problems: DocumentProblem[],
) {
  if (text === undefined) return;
  const parsed = parseMarker(file, text);
  if (!parsed.ok) {
    problems.push({ ulid: entry.ulid, file, problem: parsed.error.problems });
    return;
  }
  if (parsed.value.id !== entry.ulid) {
    problems.push({ ulid: entry.ulid, file, problem: `id ${parsed.value.id} does not match its prefix` });
    return;
  }
  setMarker(entry, file, parsed.value);
}

function setMarker<F extends MarkerFile>(entry: BlockEntry, file: F, marker: Markers[F]) {
  if (file === DELETION_MARK_FILE) entry.deletionMark = marker as DeletionMark;
  else if (file === NO_COMPACT_MARK_FILE) entry.noCompactMark = marker as NoCompactMark;
  else if (file === NO_DOWNSAMPLE_MARK_FILE) entry.noDownsampleMark = marker as NoDownsampleMark;
}

/** A block with a valid meta.json. */
export type LoadedBlock = BlockEntry & { meta: BlockMeta };

/** Blocks with a valid meta.json and no deletion mark: what queriers and the compactor work with. */
export function liveBlocks(view: BucketView): LoadedBlock[] {
  const out: LoadedBlock[] = [];
  for (const entry of view.blocks.values())
    if (entry.meta && !entry.deletionMark) out.push(entry as LoadedBlock);
  return out;
}
