import {
  buildView,
  Canvas,
  DEFAULT_AUDIT_CONFIG,
  type LaneBox,
  rawGaps,
  renderTimeline,
  TIMELINE_COLORS,
  type TimelineLayout,
  type TimelineOptions,
  timelineLayoutOf,
  UNKNOWN_STREAM,
  xOf,
} from "@fleetwatch/audit";
import {
  BucketFixture,
  DAY,
  HOUR,
  NOW,
  rawBlocks,
  STREAM_A0,
  STREAM_A1,
  ulidAt,
} from "@fleetwatch/devkit/blocks";
import { labelsKey } from "@fleetwatch/thanos";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { reportOf } from "../../support/audit";

type Color = readonly number[];
interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The pixels of `color` at or below row `fromY`. */
function pixelsOf(png: PNG, color: Color, fromY = 0): { x: number; y: number }[] {
  const out = [];
  for (let y = fromY; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const i = (png.width * y + x) << 2;
      if (png.data[i] === color[0] && png.data[i + 1] === color[1] && png.data[i + 2] === color[2])
        out.push({ x, y });
    }
  return out;
}

/** The bounding box of some pixels, or undefined if there are none. */
function box(px: { x: number; y: number }[]): Box | undefined {
  if (px.length === 0) return undefined;
  const xs = px.map((p) => p.x);
  const ys = px.map((p) => p.y);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}

/** The bounding box of `color` at or below row `fromY`. */
const boxOf = (png: PNG, color: Color, fromY: number) => box(pixelsOf(png, color, fromY));

/** The pixel span of times [from, to) in the layout, with a pixel of slack for rounding. */
const spanOf = (layout: TimelineLayout, from: number, to: number) => ({
  x0: Math.floor(xOf(layout, from)) - 1,
  x1: Math.ceil(xOf(layout, to)) + 1,
});

/** The rows of a lane, with `around` pixels either side (a partial upload's tick reaches 2 past the lane). */
const bandOf = (lane: LaneBox | undefined, around = 0) => ({
  y0: (lane?.y ?? Number.NaN) - around,
  y1: (lane?.y ?? Number.NaN) + (lane?.height ?? 0) - 1 + around,
});

function inside(box: Box | undefined, x: { x0: number; x1: number }, y: { y0: number; y1: number }) {
  expect(box).toBeDefined();
  expect(box?.x0).toBeGreaterThanOrEqual(x.x0);
  expect(box?.x1).toBeLessThanOrEqual(x.x1);
  expect(box?.y0).toBeGreaterThanOrEqual(y.y0);
  expect(box?.y1).toBeLessThanOrEqual(y.y1);
}

/** A fixture, its view, the options with the audit's own findings, the decoded PNG and the layout. */
function rendered(fixture: BucketFixture) {
  const view = buildView(fixture.listing(), fixture.docs());
  const options: TimelineOptions = {
    now: NOW,
    config: DEFAULT_AUDIT_CONFIG,
    findings: reportOf(fixture).findings,
  };
  const png = PNG.sync.read(renderTimeline(view, options));
  const layout = timelineLayoutOf(view, options);
  const lane = (labels: Record<string, string> | string, resolution: number | undefined) =>
    layout.rows
      .find((r) => r.key === (typeof labels === "string" ? labels : labelsKey(labels)))
      ?.lanes.find((l) => l.resolution === resolution);
  return { png, layout, lane };
}

describe("renderTimeline", () => {
  it("draws raw coverage in blue and a raw gap as a red line through the raw lane of its stream", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 3 * DAY, NOW - 2 * DAY);
    rawBlocks(fixture, STREAM_A0, NOW - DAY, NOW - 2 * HOUR);
    rawBlocks(fixture, STREAM_A1, NOW - 3 * DAY, NOW - 2 * HOUR);
    const { png, layout, lane } = rendered(fixture);
    const raw = bandOf(lane(STREAM_A0, 0));
    const blue = pixelsOf(png, TIMELINE_COLORS.raw, layout.top);
    expect(blue.length).toBeGreaterThan(0);
    const red = boxOf(png, TIMELINE_COLORS.gap, layout.top);
    inside(red, spanOf(layout, NOW - 2 * DAY, NOW - DAY), raw);
    // The line is where the raw bars are, not under the stream's lower lanes.
    const blueRowsOfA0 = new Set(blue.filter((p) => p.y >= raw.y0 && p.y <= raw.y1).map((p) => p.y));
    for (const p of pixelsOf(png, TIMELINE_COLORS.gap, layout.top)) expect(blueRowsOfA0.has(p.y)).toBe(true);
  });

  it("draws overlaps, partial uploads, deletion and no-compact marks on the raw lane they concern", () => {
    const fixture = new BucketFixture();
    const [first] = rawBlocks(fixture, STREAM_A0, NOW - 3 * DAY, NOW - 2 * HOUR);
    // A second copy of 4h of the stream's raw data, uploaded long ago: the compactor would halt on it.
    const copy = { minTime: NOW - 2 * DAY, maxTime: NOW - 2 * DAY + 4 * HOUR };
    fixture.block({ ...copy, labels: STREAM_A0, level: 2, writtenAt: NOW - DAY });
    // An upload interrupted 5h ago: no meta.json, so no labels to place it by.
    const partialAt = NOW - 5 * HOUR;
    const partial = ulidAt(partialAt);
    fixture.put(`${partial}/chunks/000001`, "", partialAt, 4096);
    // Marked for deletion 4 days ago: the first raw block of A0, and the only block of A1.
    const marked = fixture.block({ minTime: NOW - 6 * DAY, maxTime: NOW - 5 * DAY, labels: STREAM_A1 });
    const deletion = { deletion_time: Math.floor((NOW - 4 * DAY) / 1000) };
    for (const ulid of [first as string, marked])
      fixture.marker(ulid, "deletion-mark.json", deletion, NOW - 4 * DAY);
    const [excluded] = rawBlocks(fixture, STREAM_A0, NOW - 10 * DAY, NOW - 10 * DAY + 2 * HOUR);
    fixture.marker(
      excluded as string,
      "no-compact-mark.json",
      { no_compact_time: Math.floor(NOW / 1000), reason: "manual" },
      NOW,
    );
    const { png, layout, lane } = rendered(fixture);
    const C = TIMELINE_COLORS;

    const overlapSpan = spanOf(layout, copy.minTime, copy.maxTime);
    inside(boxOf(png, C.overlap, layout.top), overlapSpan, bandOf(lane(STREAM_A0, 0)));
    const ticks = bandOf(lane(UNKNOWN_STREAM, undefined), 2);
    inside(boxOf(png, C["partial-upload"], layout.top), spanOf(layout, partialAt, partialAt), ticks);
    const a0 = bandOf(lane(STREAM_A0, 0));
    const deletions = pixelsOf(png, C["deletion-mark"], layout.top);
    const onA0 = deletions.filter((p) => p.y <= a0.y1);
    inside(box(onA0), spanOf(layout, NOW - 3 * DAY, NOW - 3 * DAY + 2 * HOUR), a0);
    const onA1 = deletions.filter((p) => p.y > a0.y1);
    inside(box(onA1), spanOf(layout, NOW - 6 * DAY, NOW - 5 * DAY), bandOf(lane(STREAM_A1, 0)));
    inside(
      boxOf(png, C["no-compact-mark"], layout.top),
      spanOf(layout, NOW - 10 * DAY, NOW - 10 * DAY + 2 * HOUR),
      bandOf(lane(STREAM_A0, 0)),
    );
    // Each fault has its swatch in the legend, above the rows.
    for (const kind of ["overlap", "partial-upload", "deletion-mark", "no-compact-mark"] as const)
      expect(
        pixelsOf(png, C[kind]).some((p) => p.y < layout.top),
        kind,
      ).toBe(true);
  });

  it("draws a fault older than the window against the window's left edge", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - DAY, NOW - 2 * HOUR);
    const old = fixture.block({ minTime: NOW - 20 * DAY, maxTime: NOW - 19 * DAY, labels: STREAM_A0 });
    fixture.marker(old, "deletion-mark.json", { deletion_time: Math.floor((NOW - 4 * DAY) / 1000) }, NOW);
    const { png, layout, lane } = rendered(fixture);
    const edge = { x0: layout.plot.left - 1, x1: layout.plot.left + 3 };
    inside(boxOf(png, TIMELINE_COLORS["deletion-mark"], layout.top), edge, bandOf(lane(STREAM_A0, 0)));
  });

  it("draws no fault the audit did not find: a fresh partial upload and a clean stream have no marks", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - DAY, NOW - 2 * HOUR);
    fixture.put(`${ulidAt(NOW - 30 * 60_000)}/chunks/000001`, "", NOW - 30 * 60_000, 4096);
    const { png, layout } = rendered(fixture);
    expect(layout.rows.map((r) => r.key)).toEqual([labelsKey(STREAM_A0)]);
    for (const kind of ["overlap", "partial-upload", "deletion-mark", "no-compact-mark"] as const)
      expect(pixelsOf(png, TIMELINE_COLORS[kind], layout.top), kind).toEqual([]);
  });

  it("writes a stream's labels as given, lower case and braces included", () => {
    const fixture = new BucketFixture();
    const labels = { fleetwatch_group: "payments", prometheus_replica: "a" };
    rawBlocks(fixture, labels, NOW - DAY, NOW - 2 * HOUR);
    const { png, layout } = rendered(fixture);
    const key = labelsKey(labels);
    const row = layout.rows[0];
    const region = (image: PNG, x: number, y: number) =>
      Array.from({ length: 8 }, (_, dy) =>
        Array.from({ length: key.length * 6 }, (_, dx) => image.data[(image.width * (y + dy) + x + dx) << 2]),
      );
    const alone = (text: string) => {
      const canvas = new Canvas(key.length * 6, 8, TIMELINE_COLORS.background);
      canvas.text(0, 0, text, TIMELINE_COLORS.ink);
      return region(PNG.sync.read(canvas.encode()), 0, 0);
    };
    expect(row?.key).toBe(key);
    expect(region(png, 10, row?.y ?? 0)).toEqual(alone(key));
    expect(region(png, 10, row?.y ?? 0)).not.toEqual(alone(key.toUpperCase()));
  });

  it("renders an empty bucket", () => {
    const png = PNG.sync.read(
      renderTimeline(buildView([], { texts: new Map() }), {
        now: NOW,
        config: DEFAULT_AUDIT_CONFIG,
        findings: [],
      }),
    );
    expect(png.height).toBeGreaterThan(50);
  });
});

describe("rawGaps", () => {
  const b = (min: number, max: number) => ({
    meta: { minTime: min, maxTime: max, thanos: { downsample: { resolution: 0 } } },
  });
  it.each([
    { name: "contiguous", blocks: [b(0, 2), b(2, 4)], gaps: [] },
    { name: "a 4h hole", blocks: [b(0, 2), b(6, 8)], gaps: [[2, 6]] },
    { name: "a 1h hole (tolerated)", blocks: [b(0, 2), b(3, 5)], gaps: [] },
  ])("$name", ({ blocks, gaps }) => {
    const h = (x: number) => x * HOUR;
    const scaled = blocks.map((x) => b(h(x.meta.minTime), h(x.meta.maxTime)));
    expect(rawGaps(scaled, 0, h(9))).toEqual(gaps.map(([a, c]) => [h(a as number), h(c as number)]));
  });
});
