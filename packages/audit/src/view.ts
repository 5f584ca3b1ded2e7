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
}

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
  for (const object of listing) {
    objectCount++;
    const parts = blockKeyOf(object.key);
    if (!parts) continue;
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
      else if (isMarkerFile(relPath))
        attachMarker(entry, relPath, docs.texts.get(`${entry.ulid}/${relPath}`), problems);
    }
  }
  return { blocks, problems, objectCount };
}

function attachMeta(entry: BlockEntry, docs: ViewDocuments, problems: DocumentProblem[]) {
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
