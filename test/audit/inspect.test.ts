import {
  type BlockRow,
  blockCells,
  blockColumnOf,
  blockJson,
  blockRows,
  buildView,
  inspectBucket,
  parseSelector,
  sortRows,
} from "@fleetwatch/audit";
import {
  BucketFixture,
  DAY,
  HOUR,
  metaOf,
  NOW,
  STREAM_A0,
  STREAM_A1,
  ulidAt,
} from "@fleetwatch/devkit/blocks";
import { MemoryBucket } from "@fleetwatch/devkit/memory-bucket";
import { describe, expect, it } from "vitest";
import { NO_SLEEP } from "../support/scheduled";

/** One block of each kind: healthy, marked, partial, corrupt, compaction-failed, downsampled. */
function mixedFixture() {
  const f = new BucketFixture();
  const healthy = f.block({ minTime: NOW - 4 * HOUR, maxTime: NOW - 2 * HOUR, labels: STREAM_A0 });
  const marked = f.block({ minTime: NOW - 6 * HOUR, maxTime: NOW - 4 * HOUR, labels: STREAM_A1 });
  f.marker(marked, "deletion-mark.json", { deletion_time: 1 }, NOW);
  f.marker(marked, "no-compact-mark.json", { no_compact_time: 1, reason: "manual" }, NOW);
  const badMarker = f.block({ minTime: NOW - 8 * HOUR, maxTime: NOW - 6 * HOUR, labels: STREAM_A1 });
  f.put(`${badMarker}/no-downsample-mark.json`, "{", NOW);
  const partial = ulidAt(NOW - HOUR);
  f.put(`${partial}/chunks/000001`, "x", NOW);
  const corrupt = ulidAt(NOW - 2 * HOUR);
  f.put(`${corrupt}/meta.json`, "{not json", NOW);
  const failed = ulidAt(NOW - 3 * DAY);
  const meta = metaOf({
    ulid: failed,
    minTime: NOW - 5 * DAY,
    maxTime: NOW - 3 * DAY,
    level: 3,
    labels: STREAM_A0,
  });
  meta.compaction.failed = true;
  meta.thanos.downsample.resolution = 300_000;
  meta.stats = { numSeries: 7, numSamples: 99, numChunks: 8 };
  f.put(`${failed}/meta.json`, JSON.stringify(meta), NOW);
  return { f, healthy, marked, badMarker, partial, corrupt, failed };
}

describe("blockRows", () => {
  const { f, healthy, marked, badMarker, partial, corrupt, failed } = mixedFixture();
  const rows = new Map(blockRows(buildView(f.listing(), f.docs())).map((r) => [r.ulid, r]));

  it.each([
    ["healthy", healthy, []],
    ["marked", marked, ["deletion-mark", "no-compact-mark"]],
    ["with a marker that does not parse", badMarker, ["invalid-marker"]],
    ["partial (no meta.json)", partial, ["partial"]],
    ["corrupt", corrupt, ["invalid-meta"]],
    ["failed in compaction", failed, ["compaction-failed"]],
  ])("marks the %s block", (_, ulid, markers) => {
    expect(rows.get(ulid)?.markers).toEqual(markers);
  });

  it("takes times, level, resolution, stats, source and labels from meta.json", () => {
    expect(rows.get(failed)).toEqual({
      ulid: failed,
      minTime: NOW - 5 * DAY,
      maxTime: NOW - 3 * DAY,
      level: 3,
      resolution: 300_000,
      series: 7,
      samples: 99,
      chunks: 8,
      source: "compactor",
      labels: STREAM_A0,
      markers: ["compaction-failed"],
    });
  });

  it("keeps a block without a valid meta.json with its ULID and markers only", () => {
    expect(rows.get(partial)).toEqual({ ulid: partial, labels: {}, markers: ["partial"] });
    expect(rows.get(corrupt)).toEqual({ ulid: corrupt, labels: {}, markers: ["invalid-meta"] });
  });
});

describe("sortRows", () => {
  const row = (ulid: string, fields: Partial<BlockRow>): BlockRow => ({
    ulid,
    labels: {},
    markers: [],
    ...fields,
  });
  const rows = [
    row("01C", { minTime: 1, maxTime: 5, samples: 10, labels: { a: "2" } }),
    row("01A", { minTime: 2, maxTime: 3, samples: 10, labels: { a: "1" } }),
    row("01D", {}),
    row("01B", { minTime: 1, maxTime: 3, samples: 30, labels: { a: "3" } }),
  ];
  it.each<[string[], string[]]>([
    [
      ["FROM", "UNTIL"],
      ["01B", "01C", "01A", "01D"],
    ],
    [["SAMPLES"], ["01A", "01C", "01B", "01D"]],
    [
      ["SAMPLES", "FROM"],
      ["01C", "01A", "01B", "01D"],
    ],
    [["RANGE"], ["01A", "01B", "01C", "01D"]],
    [["LABELS"], ["01A", "01C", "01B", "01D"]],
    [["ULID"], ["01A", "01B", "01C", "01D"]],
  ])("sorts by %j, missing values last, then by ULID", (columns, order) => {
    const sorted = sortRows(
      rows,
      columns.map((c) => blockColumnOf(c) ?? "ULID"),
    );
    expect(sorted.map((r) => r.ulid)).toEqual(order);
  });

  it.each([
    ["from", "FROM"],
    [" Samples ", "SAMPLES"],
    ["COMP-LEVEL", "LEVEL"],
    ["#series", "SERIES"],
    ["size", undefined],
  ])("reads the column name %j as %s", (name, column) => {
    expect(blockColumnOf(name)).toBe(column);
  });
});

describe("blockCells and blockJson", () => {
  const row: BlockRow = {
    ulid: "01JAAAAAAAAAAAAAAAAAAAAAAA",
    minTime: Date.parse("2026-11-20T00:00:00Z"),
    maxTime: Date.parse("2026-11-22T00:00:00Z"),
    level: 3,
    resolution: 3_600_000,
    series: 1,
    samples: 2,
    chunks: 3,
    source: "compactor",
    labels: { b: "2", a: 'x,"y"' },
    markers: ["deletion-mark", "no-compact-mark"],
  };
  it("renders text cells: ISO times, the range, the resolution's name, the labels sorted", () => {
    expect(blockCells(row)).toEqual({
      ULID: row.ulid,
      FROM: "2026-11-20T00:00:00Z",
      UNTIL: "2026-11-22T00:00:00Z",
      RANGE: "2d",
      LEVEL: "3",
      RESOLUTION: "1h",
      SERIES: "1",
      SAMPLES: "2",
      CHUNKS: "3",
      SOURCE: "compactor",
      MARKERS: "deletion-mark,no-compact-mark",
      LABELS: '{a="x,\\"y\\"",b="2"}',
    });
  });

  it("renders JSON with nulls for what a partial block lacks", () => {
    expect(blockJson({ ulid: row.ulid, labels: {}, markers: ["partial"] })).toEqual({
      ulid: row.ulid,
      minTime: null,
      maxTime: null,
      durationMs: null,
      level: null,
      resolutionMs: null,
      series: null,
      samples: null,
      chunks: null,
      source: null,
      labels: {},
      markers: ["partial"],
    });
    expect(blockJson(row)).toMatchObject({
      minTime: "2026-11-20T00:00:00Z",
      durationMs: 2 * DAY,
      resolutionMs: 3_600_000,
    });
  });
});

describe("inspectBucket", () => {
  it("reads through the ports, keeps the blocks the selector matches, and sorts them", async () => {
    const { f, healthy, failed, partial, corrupt } = mixedFixture();
    const bucket = new MemoryBucket(f.objects, f.bodies, { throttleEvery: 3 });
    const rows = await inspectBucket({
      lister: bucket,
      reader: bucket,
      now: NOW,
      retry: NO_SLEEP,
      selector: parseSelector('{prometheus_replica!="1"}'),
      sort: ["SAMPLES"],
    });
    // Replica 0's blocks and those whose labels are unknown (a missing label reads as "").
    expect(rows.map((r) => r.ulid)).toEqual([failed, healthy, ...[partial, corrupt].sort()]);
    expect(bucket.requests.throttled).toBeGreaterThan(0);
  });
});
