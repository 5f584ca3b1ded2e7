import { ADVANCE, GLYPH_HEIGHT } from "./font.js";

const DAY = 86_400_000;

/** The resolutions a stream's row shows, one lane each, raw on top. */
export const RESOLUTION_LANES = [
  { resolution: 0, name: "raw" },
  { resolution: 300_000, name: "5m" },
  { resolution: 3_600_000, name: "1h" },
] as const;

/** One horizontal band of a row: where blocks (and the faults) of one resolution are drawn. */
export interface LaneBox {
  /** The downsampling resolution (ms) drawn in this lane; undefined in the row of unknown streams. */
  resolution: number | undefined;
  name: string;
  /** Top pixel row of the lane. */
  y: number;
  height: number;
}

/** One row of the picture: a title line and its lanes. */
export interface RowBox {
  /** The stream key (`{a="1"}`), or {@link UNKNOWN_STREAM} for blocks without a readable meta.json. */
  key: string;
  /** Top pixel row of the title line. */
  y: number;
  lanes: LaneBox[];
}

/** The key of the row for blocks whose stream is unknown (no meta.json to read labels from). */
export const UNKNOWN_STREAM = "no meta.json: stream unknown";

/** Where everything goes: the plot's x range, the time window, one box per row. */
export interface TimelineLayout {
  width: number;
  height: number;
  /** Left pixel column and width of the plot area (time axis). */
  plot: { left: number; width: number };
  /** First pixel row of the rows (under the title and legend). */
  top: number;
  /** Unix ms of the window's left edge; its right edge is `now`. */
  start: number;
  now: number;
  rows: RowBox[];
}

/** Characters of a row title; longer keys are cut with `~`. */
export const TITLE_CHARS = 56;
const LANE_HEIGHT = 11;
const LANE_GAP = 3;
const TITLE_LINE = GLYPH_HEIGHT + 5;
const ROW_GAP = 10;

/** Places the rows of `keys` (streams in display order) and, when asked, the row of unknown streams. */
export function layoutTimeline(args: {
  keys: readonly string[];
  unknownRow: boolean;
  now: number;
  days: number;
}): TimelineLayout {
  const plot = { left: TITLE_CHARS * ADVANCE + 24, width: 900 };
  const top = 48;
  const rows: RowBox[] = [];
  let y = top;
  const place = (key: string, lanes: readonly { resolution: number | undefined; name: string }[]) => {
    const boxes = lanes.map((lane, l) => ({
      ...lane,
      y: y + TITLE_LINE + l * (LANE_HEIGHT + LANE_GAP),
      height: LANE_HEIGHT,
    }));
    rows.push({ key, y, lanes: boxes });
    y += TITLE_LINE + lanes.length * (LANE_HEIGHT + LANE_GAP) + ROW_GAP;
  };
  for (const key of args.keys) place(key, RESOLUTION_LANES);
  if (args.unknownRow) place(UNKNOWN_STREAM, [{ resolution: undefined, name: "?" }]);
  const height = Math.max(y, top + 30) + 24;
  return {
    width: plot.left + plot.width + 20,
    height,
    plot,
    top,
    start: args.now - args.days * DAY,
    now: args.now,
    rows,
  };
}

/** The pixel column of time `t` (Unix ms), clamped to the window. */
export function xOf(layout: TimelineLayout, t: number): number {
  const span = layout.now - layout.start;
  const clamped = Math.min(Math.max(t, layout.start), layout.now);
  return layout.plot.left + ((clamped - layout.start) / span) * layout.plot.width;
}

/** The lane of `resolution` in `row`, if the row has one. */
export function laneOf(row: RowBox, resolution: number | undefined): LaneBox | undefined {
  return row.lanes.find((lane) => lane.resolution === resolution);
}
