import { buildView, DEFAULT_AUDIT_CONFIG, rawGaps, renderTimeline } from "@fleetwatch/audit";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { BucketFixture, DAY, HOUR, NOW, rawBlocks, STREAM_A0 } from "../../support/blocks";

const BLUE = [52, 120, 246];
const RED = [214, 40, 40];

function colorsInRow(png: PNG, y: number): Set<string> {
  const out = new Set<string>();
  for (let x = 0; x < png.width; x++) {
    const i = (png.width * y + x) << 2;
    out.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
  }
  return out;
}

describe("renderTimeline", () => {
  it("draws raw coverage in blue and a gap in red, as a valid PNG", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 3 * DAY, NOW - 2 * DAY);
    rawBlocks(fixture, STREAM_A0, NOW - DAY, NOW - 2 * HOUR);
    const png = PNG.sync.read(
      renderTimeline(buildView(fixture.listing(), fixture.docs()), {
        now: NOW,
        config: DEFAULT_AUDIT_CONFIG,
      }),
    );
    const rows = Array.from({ length: png.height }, (_, y) => colorsInRow(png, y));
    expect(rows.some((r) => r.has(BLUE.join(",")))).toBe(true);
    expect(rows.filter((r) => r.has(RED.join(","))).length).toBeGreaterThanOrEqual(3);
  });

  it("renders an empty bucket", () => {
    const png = PNG.sync.read(
      renderTimeline(buildView([], { texts: new Map() }), { now: NOW, config: DEFAULT_AUDIT_CONFIG }),
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
