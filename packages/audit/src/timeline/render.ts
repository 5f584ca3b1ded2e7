import type { AuditConfig } from "../config.js";
import { streamsOf } from "../streams.js";
import type { BucketView } from "../view.js";
import { Canvas, type Rgb } from "./canvas.js";
import { ADVANCE } from "./font.js";

const DAY = 86_400_000;
const LANES = [
  { resolution: 0, name: "RAW", color: [52, 120, 246] as Rgb },
  { resolution: 300_000, name: "5M", color: [46, 160, 67] as Rgb },
  { resolution: 3_600_000, name: "1H", color: [219, 132, 28] as Rgb },
] as const;
const BG: Rgb = [255, 255, 255];
const INK: Rgb = [33, 37, 41];
const GRID: Rgb = [225, 228, 232];
const LANE_BG: Rgb = [246, 247, 249];
const GAP: Rgb = [214, 40, 40];

export interface TimelineOptions {
  now: number;
  /** Days shown, ending at `now`. @default 14 */
  days?: number;
  /** Title line, e.g. the bucket URL. */
  title?: string;
  config: Pick<AuditConfig, "replicaLabels">;
}

/**
 * A PNG of block coverage per stream: one lane per resolution, a bar per live block, the window's days on the
 * x axis. Raw gaps of more than 2h inside the window are underlined in red.
 */
export function renderTimeline(view: BucketView, options: TimelineOptions): Buffer {
  const days = options.days ?? 14;
  const streams = streamsOf(view, options.config);
  const labelWidth = 56 * ADVANCE + 16;
  const plotWidth = 900;
  const laneHeight = 9;
  const rowHeight = 12 + LANES.length * (laneHeight + 2) + 8;
  const top = 44;
  const width = labelWidth + plotWidth + 20;
  const height = top + Math.max(1, streams.length) * rowHeight + 30;
  const canvas = new Canvas(width, height, BG);
  const start = options.now - days * DAY;
  const xOf = (t: number) =>
    labelWidth + ((Math.min(Math.max(t, start), options.now) - start) / (days * DAY)) * plotWidth;

  canvas.text(10, 8, `BLOCK TIMELINE ${options.title ?? ""}`.slice(0, 120), INK, 2);
  let legendX = 10;
  for (const lane of LANES) {
    canvas.rect(legendX, 30, 10, 7, lane.color);
    legendX += 14 + canvas.text(legendX + 14, 30, lane.name, INK) + 10;
  }
  canvas.rect(legendX, 33, 10, 2, GAP);
  canvas.text(legendX + 14, 30, "GAP IN RAW DATA", INK);

  for (let d = 0; d <= days; d++) {
    const x = xOf(start + d * DAY);
    canvas.rect(x, top, 1, height - top - 24, GRID);
    if (d % 2 === 0)
      canvas.text(x - 14, height - 18, new Date(start + d * DAY).toISOString().slice(5, 10), INK);
  }
  if (streams.length === 0) canvas.text(labelWidth, top + 10, "NO BLOCKS", INK);

  streams.forEach((stream, i) => {
    const y = top + i * rowHeight;
    canvas.text(10, y + 2, stream.key.slice(0, 56), INK);
    LANES.forEach((lane, l) => {
      const ly = y + 12 + l * (laneHeight + 2);
      canvas.text(labelWidth - 24, ly + 1, lane.name, INK);
      canvas.rect(labelWidth, ly, plotWidth, laneHeight, LANE_BG);
      const blocks = stream.blocks.filter((b) => b.meta.thanos.downsample.resolution === lane.resolution);
      for (const b of blocks) {
        if (b.meta.maxTime <= start) continue;
        const x0 = xOf(b.meta.minTime);
        canvas.rect(x0, ly, Math.max(1, xOf(b.meta.maxTime) - x0 - 1), laneHeight, lane.color);
      }
    });
    for (const [from, to] of rawGaps(stream.blocks, start, options.now)) {
      canvas.rect(
        xOf(from),
        y + 12 + LANES.length * (laneHeight + 2),
        Math.max(2, xOf(to) - xOf(from)),
        3,
        GAP,
      );
    }
  });
  return canvas.encode();
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
