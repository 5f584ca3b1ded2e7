import type { AuditConfig } from "../config.js";
import type { Finding } from "../finding.js";
import { type Stream, streamsOf } from "../streams.js";
import type { BucketView } from "../view.js";
import { Canvas, type Rgb } from "./canvas.js";
import { type FaultKind, type FaultMark, faultMarks } from "./faults.js";
import { ADVANCE } from "./font.js";
import {
  type LaneBox,
  laneOf,
  layoutTimeline,
  TITLE_CHARS,
  type TimelineLayout,
  UNKNOWN_STREAM,
  xOf,
} from "./layout.js";

const DAY = 86_400_000;

/** The timeline's colors, by what they draw (tests find marks by them). */
export const TIMELINE_COLORS = {
  background: [255, 255, 255],
  ink: [33, 37, 41],
  grid: [225, 228, 232],
  lane: [246, 247, 249],
  raw: [52, 120, 246],
  "5m": [46, 160, 67],
  "1h": [219, 132, 28],
  gap: [214, 40, 40],
  overlap: [200, 0, 170],
  "partial-upload": [120, 60, 200],
  "deletion-mark": [90, 90, 90],
  "no-compact-mark": [235, 190, 0],
} as const satisfies Record<string, Rgb>;
const C = TIMELINE_COLORS;
const LANE_COLORS: Record<number, Rgb> = { 0: C.raw, 300000: C["5m"], 3600000: C["1h"] };

const FAULT_LEGEND: [FaultKind, string][] = [
  ["overlap", "overlap"],
  ["partial-upload", "partial upload"],
  ["deletion-mark", "marked for deletion"],
  ["no-compact-mark", "no-compact mark"],
];

export interface TimelineOptions {
  now: number;
  /** Days shown, ending at `now`. @default 14 */
  days?: number;
  /** Title line, e.g. the bucket URL. */
  title?: string;
  config: Pick<AuditConfig, "replicaLabels">;
  /** The audit's findings on this view: overlaps, partial uploads and no-compact marks are drawn from them. */
  findings: readonly Finding[];
}

interface Plan {
  layout: TimelineLayout;
  streams: Map<string, Stream>;
  marks: FaultMark[];
}

function plan(view: BucketView, options: TimelineOptions): Plan {
  const streams = new Map(streamsOf(view, options.config).map((s) => [s.key, s]));
  const marks = faultMarks(view, options.findings);
  // A stream whose every block is marked for deletion still gets its row, to show the marks.
  const markedOnly = [...new Set(marks.map((m) => m.stream))]
    .filter((key) => key !== UNKNOWN_STREAM && !streams.has(key))
    .sort();
  const layout = layoutTimeline({
    keys: [...streams.keys(), ...markedOnly],
    unknownRow: marks.some((m) => m.stream === UNKNOWN_STREAM),
    now: options.now,
    days: options.days ?? 14,
  });
  return { layout, streams, marks };
}

/** Where {@link renderTimeline} puts the plot, its rows and their lanes, for the same view and options. */
export function timelineLayoutOf(view: BucketView, options: TimelineOptions): TimelineLayout {
  return plan(view, options).layout;
}

/**
 * A PNG of block coverage per stream: one row per stream with a lane per resolution, a bar per live block, the
 * window's days on the x axis. Raw gaps of more than 2h are a red line through the raw lane; the audit's faults
 * are drawn on the lane of the block they concern (see {@link faultMarks}), and listed in the legend.
 */
export function renderTimeline(view: BucketView, options: TimelineOptions): Buffer {
  const { layout, streams, marks } = plan(view, options);
  const canvas = new Canvas(layout.width, layout.height, C.background);
  canvas.text(10, 8, `Block timeline ${options.title ?? ""}`.slice(0, 110), C.ink, 2);
  drawLegend(canvas);
  drawDays(canvas, layout);
  if (layout.rows.length === 0) canvas.text(layout.plot.left, layout.top + 10, "no blocks", C.ink);
  for (const row of layout.rows) {
    const title = row.key.length > TITLE_CHARS ? `${row.key.slice(0, TITLE_CHARS - 1)}~` : row.key;
    canvas.text(10, row.y, title, C.ink);
    const stream = streams.get(row.key);
    for (const lane of row.lanes) {
      canvas.text(layout.plot.left - 4 - lane.name.length * ADVANCE, lane.y + 2, lane.name, C.ink);
      canvas.rect(layout.plot.left, lane.y, layout.plot.width, lane.height, C.lane);
      const color = LANE_COLORS[lane.resolution ?? -1];
      for (const b of stream?.blocks ?? []) {
        if (b.meta.thanos.downsample.resolution !== lane.resolution || !color) continue;
        if (b.meta.maxTime <= layout.start) continue;
        const x0 = xOf(layout, b.meta.minTime);
        canvas.rect(x0, lane.y, Math.max(1, xOf(layout, b.meta.maxTime) - x0 - 1), lane.height, color);
      }
    }
    const raw = laneOf(row, 0);
    if (stream && raw)
      for (const [from, to] of rawGaps(stream.blocks, layout.start, layout.now)) {
        const x0 = xOf(layout, from);
        canvas.rect(x0, raw.y + (raw.height - 3) / 2, Math.max(2, xOf(layout, to) - x0), 3, C.gap);
      }
    for (const mark of marks) {
      const lane = mark.stream === row.key ? laneOf(row, mark.resolution) : undefined;
      // A fault older than the window is still drawn, squeezed against its left edge: the report names it.
      if (lane) drawFault(canvas, lane, mark.kind, xOf(layout, mark.minTime), xOf(layout, mark.maxTime));
    }
  }
  return canvas.encode();
}

/**
 * One fault between pixel columns x0 and x1 of a lane: an overlap hatched over the whole lane, a deletion mark
 * along its bottom, a no-compact mark along its top, a partial upload as a tick through it at x0.
 */
function drawFault(canvas: Canvas, lane: LaneBox, kind: FaultKind, x0: number, x1: number) {
  const w = Math.max(2, x1 - x0 - 1);
  const color = C[kind];
  if (kind === "overlap") canvas.hatch(x0, lane.y, w, lane.height, color);
  else if (kind === "deletion-mark") canvas.rect(x0, lane.y + lane.height - 3, w, 3, color);
  else if (kind === "no-compact-mark") canvas.rect(x0, lane.y, w, 3, color);
  else canvas.rect(x0 - 1, lane.y - 2, 3, lane.height + 4, color);
}

function drawLegend(canvas: Canvas) {
  const y = 30;
  let x = 10;
  const item = (label: string, swatch: (x: number) => void) => {
    swatch(x);
    x += 14 + canvas.text(x + 14, y, label, C.ink) + 12;
  };
  for (const [name, color] of [
    ["raw", C.raw],
    ["5m", C["5m"]],
    ["1h", C["1h"]],
  ] as const)
    item(name, (sx) => canvas.rect(sx, y, 10, 7, color));
  item("gap in raw data", (sx) => canvas.rect(sx, y + 2, 10, 3, C.gap));
  const lane: LaneBox = { resolution: 0, name: "", y: y + 1, height: 7 };
  for (const [kind, label] of FAULT_LEGEND)
    item(label, (sx) => {
      canvas.rect(sx, lane.y, 10, lane.height, C.lane);
      if (kind === "partial-upload") drawFault(canvas, lane, kind, sx + 5, sx + 5);
      else drawFault(canvas, lane, kind, sx, sx + 11);
    });
}

function drawDays(canvas: Canvas, layout: TimelineLayout) {
  const days = Math.round((layout.now - layout.start) / DAY);
  for (let d = 0; d <= days; d++) {
    const t = layout.start + d * DAY;
    canvas.rect(xOf(layout, t), layout.top, 1, layout.height - layout.top - 24, C.grid);
    if (d % 2 === 0)
      canvas.text(xOf(layout, t) - 14, layout.height - 18, new Date(t).toISOString().slice(5, 10), C.ink);
  }
}

/** Spans longer than 2h in [start, end) covered by no raw block of the stream, after its first raw block. */
export function rawGaps(
  blocks: readonly {
    meta: { minTime: number; maxTime: number; thanos: { downsample: { resolution: number } } };
  }[],
  start: number,
  end: number,
): [number, number][] {
  const raw = blocks
    .filter((b) => b.meta.thanos.downsample.resolution === 0)
    .sort((a, b) => a.meta.minTime - b.meta.minTime);
  const gaps: [number, number][] = [];
  let covered: number | undefined;
  for (const b of raw) {
    if (covered !== undefined && b.meta.minTime - covered > 2 * 3_600_000 && b.meta.minTime > start)
      gaps.push([Math.max(covered, start), b.meta.minTime]);
    covered = Math.max(covered ?? -Infinity, b.meta.maxTime);
  }
  if (covered !== undefined && end - covered > 6 * 3_600_000) gaps.push([Math.max(covered, start), end]);
  return gaps;
}
