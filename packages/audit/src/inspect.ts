import { type BlockSource, labelsKey, META_FILE, type Resolution } from "@fleetwatch/thanos";
import { type ReadOptions, readBucket } from "./reader.js";
import { type LabelMatcher, matchesSelector } from "./selector.js";
import { formatDuration, isoSeconds } from "./time.js";
import { type BucketView, buildView } from "./view.js";

/**
 * What a block carries besides its data, as `fleetwatch blocks` shows it: its markers, and what is wrong with its
 * documents. `partial` = no meta.json (an upload in progress or abandoned); `invalid-meta` / `invalid-marker` = a
 * document that does not parse; `compaction-failed` = `compaction.failed` in meta.json.
 */
export const BLOCK_MARKERS = [
  "partial",
  "invalid-meta",
  "deletion-mark",
  "no-compact-mark",
  "no-downsample-mark",
  "invalid-marker",
  "compaction-failed",
] as const;
export type BlockMarker = (typeof BLOCK_MARKERS)[number];

/** One block of the bucket; fields from meta.json are absent when the block has no valid one. */
export interface BlockRow {
  ulid: string;
  /** Unix ms. */
  minTime?: number;
  /** Unix ms. */
  maxTime?: number;
  /** `compaction.level`. */
  level?: number;
  /** `thanos.downsample.resolution`, ms. */
  resolution?: Resolution;
  series?: number;
  samples?: number;
  chunks?: number;
  /** `thanos.source`. */
  source?: BlockSource;
  /** External labels (`thanos.labels`); empty when unknown. */
  labels: Record<string, string>;
  /** In {@link BLOCK_MARKERS} order. */
  markers: BlockMarker[];
}

/**
 * The columns of `fleetwatch blocks`, in output order; `--sort` takes these names (any case). Thanos's
 * `tools bucket inspect` names FROM, UNTIL, RANGE and the counts the same way.
 */
export const BLOCK_COLUMNS = [
  "ULID",
  "FROM",
  "UNTIL",
  "RANGE",
  "LEVEL",
  "RESOLUTION",
  "SERIES",
  "SAMPLES",
  "CHUNKS",
  "SOURCE",
  "MARKERS",
  "LABELS",
] as const;
export type BlockColumn = (typeof BLOCK_COLUMNS)[number];

/** Thanos's sort order of `tools bucket inspect`: by FROM, then UNTIL. */
export const DEFAULT_BLOCK_SORT: readonly BlockColumn[] = ["FROM", "UNTIL"];

/** Thanos's spellings of columns (`--sort-by COMP-LEVEL`, `#SERIES`), accepted by {@link blockColumnOf}. */
const THANOS_COLUMNS: Record<string, BlockColumn> = {
  "COMP-LEVEL": "LEVEL",
  "#SERIES": "SERIES",
  "#SAMPLES": "SAMPLES",
  "#CHUNKS": "CHUNKS",
};

/** The column a `--sort` name means (case-insensitive, Thanos's spellings too), or undefined. */
export function blockColumnOf(name: string): BlockColumn | undefined {
  const upper = name.trim().toUpperCase();
  return (BLOCK_COLUMNS as readonly string[]).includes(upper)
    ? (upper as BlockColumn)
    : THANOS_COLUMNS[upper];
}

/** One row per block prefix of the view, in ULID order; a block without a valid meta.json keeps its markers. */
export function blockRows(view: BucketView): BlockRow[] {
  const problems = new Map<string, Set<string>>();
  for (const p of view.problems) {
    const files = problems.get(p.ulid) ?? new Set<string>();
    files.add(p.file);
    problems.set(p.ulid, files);
  }
  const rows: BlockRow[] = [];
  for (const entry of view.blocks.values()) {
    const bad = problems.get(entry.ulid);
    const has: Record<BlockMarker, boolean> = {
      partial: !entry.objects.has(META_FILE),
      "invalid-meta": bad?.has(META_FILE) ?? false,
      "deletion-mark": entry.deletionMark !== undefined,
      "no-compact-mark": entry.noCompactMark !== undefined,
      "no-downsample-mark": entry.noDownsampleMark !== undefined,
      "invalid-marker": [...(bad ?? [])].some((file) => file !== META_FILE),
      "compaction-failed": entry.meta?.compaction.failed === true,
    };
    const meta = entry.meta;
    const stats = meta?.stats;
    rows.push({
      ulid: entry.ulid,
      ...(meta
        ? {
            minTime: meta.minTime,
            maxTime: meta.maxTime,
            level: meta.compaction.level,
            resolution: meta.thanos.downsample.resolution,
            source: meta.thanos.source,
          }
        : {}),
      ...(stats?.numSeries !== undefined ? { series: stats.numSeries } : {}),
      ...(stats?.numSamples !== undefined ? { samples: stats.numSamples } : {}),
      ...(stats?.numChunks !== undefined ? { chunks: stats.numChunks } : {}),
      labels: { ...(meta?.thanos.labels ?? {}) },
      markers: BLOCK_MARKERS.filter((m) => has[m]),
    });
  }
  return rows.sort((a, b) => (a.ulid < b.ulid ? -1 : a.ulid > b.ulid ? 1 : 0));
}

/** Whether the row came from a valid meta.json (its labels are known, even when there are none). */
function hasMeta(row: BlockRow): boolean {
  return row.minTime !== undefined;
}

/** The value a column sorts by: numbers for times and counts, text otherwise; undefined sorts last. */
function sortValue(row: BlockRow, column: BlockColumn): number | string | undefined {
  switch (column) {
    case "ULID":
      return row.ulid;
    case "FROM":
      return row.minTime;
    case "UNTIL":
      return row.maxTime;
    case "RANGE":
      return row.minTime === undefined || row.maxTime === undefined ? undefined : row.maxTime - row.minTime;
    case "LEVEL":
      return row.level;
    case "RESOLUTION":
      return row.resolution;
    case "SERIES":
      return row.series;
    case "SAMPLES":
      return row.samples;
    case "CHUNKS":
      return row.chunks;
    case "SOURCE":
      return row.source;
    case "MARKERS":
      return row.markers.join(",");
    case "LABELS":
      return hasMeta(row) ? labelsKey(row.labels) : undefined;
  }
}

function compareValues(a: number | string | undefined, b: number | string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/** Rows sorted ascending by the columns in turn, then by ULID; a missing value (a partial block) sorts last. */
export function sortRows(rows: readonly BlockRow[], columns: readonly BlockColumn[]): BlockRow[] {
  const by = [...columns, "ULID" as const];
  return [...rows].sort((a, b) => {
    for (const column of by) {
      const order = compareValues(sortValue(a, column), sortValue(b, column));
      if (order !== 0) return order;
    }
    return 0;
  });
}

const RESOLUTION_TEXT: Record<Resolution, string> = { 0: "raw", 300000: "5m", 3600000: "1h" };

/** A row as text cells by column, for tables and CSV: ISO times, `2h`, `raw`/`5m`/`1h`, `{a="1"}`; "" when unknown. */
export function blockCells(row: BlockRow): Record<BlockColumn, string> {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  return {
    ULID: row.ulid,
    FROM: row.minTime === undefined ? "" : isoSeconds(row.minTime),
    UNTIL: row.maxTime === undefined ? "" : isoSeconds(row.maxTime),
    RANGE:
      row.minTime === undefined || row.maxTime === undefined ? "" : formatDuration(row.maxTime - row.minTime),
    LEVEL: text(row.level),
    RESOLUTION: row.resolution === undefined ? "" : RESOLUTION_TEXT[row.resolution],
    SERIES: text(row.series),
    SAMPLES: text(row.samples),
    CHUNKS: text(row.chunks),
    SOURCE: row.source ?? "",
    MARKERS: row.markers.join(","),
    LABELS: hasMeta(row) ? labelsKey(row.labels) : "",
  };
}

/** A row as `--format json` prints it: ISO times, durations and resolutions in ms, null when unknown. */
export interface BlockJson {
  ulid: string;
  minTime: string | null;
  maxTime: string | null;
  durationMs: number | null;
  level: number | null;
  resolutionMs: Resolution | null;
  series: number | null;
  samples: number | null;
  chunks: number | null;
  source: BlockSource | null;
  labels: Record<string, string>;
  markers: BlockMarker[];
}

/** The JSON object of a row ({@link BlockJson}). */
export function blockJson(row: BlockRow): BlockJson {
  return {
    ulid: row.ulid,
    minTime: row.minTime === undefined ? null : isoSeconds(row.minTime),
    maxTime: row.maxTime === undefined ? null : isoSeconds(row.maxTime),
    durationMs: row.minTime === undefined || row.maxTime === undefined ? null : row.maxTime - row.minTime,
    level: row.level ?? null,
    resolutionMs: row.resolution ?? null,
    series: row.series ?? null,
    samples: row.samples ?? null,
    chunks: row.chunks ?? null,
    source: row.source ?? null,
    labels: row.labels,
    markers: row.markers,
  };
}

/** Options of {@link inspectBucket}: how to read the bucket (never through the audit cache), what to keep, the order. */
export interface InspectOptions extends Omit<ReadOptions, "cache"> {
  /** Every matcher must hold on a block's external labels. */
  selector: readonly LabelMatcher[];
  /** @default DEFAULT_BLOCK_SORT */
  sort?: readonly BlockColumn[];
}

/**
 * Reads the bucket as the audit does (one listing, then meta.json and markers) and returns its blocks whose
 * external labels match the selector, sorted. The audit cache is not used: it drops the stats this shows.
 * @throws what {@link readBucket} throws (a {@link BucketAccessError} the user must fix, or a read that failed).
 */
export async function inspectBucket(options: InspectOptions): Promise<BlockRow[]> {
  const read = await readBucket(options);
  const view = buildView(read.listing, { texts: read.texts, cachedMetas: read.cachedMetas });
  const rows = blockRows(view).filter((row) => matchesSelector(row.labels, options.selector));
  return sortRows(rows, options.sort ?? DEFAULT_BLOCK_SORT);
}
