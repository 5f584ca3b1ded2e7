import { describe, expect, it } from "vitest";
import { history, type Spec } from "../../scripts/demo-bucket";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Pairs of blocks of one resolution whose ranges overlap: what would halt a real compactor. */
function overlaps(specs: Spec[]): string[] {
  const found: string[] = [];
  for (const resolution of new Set(specs.map((s) => s.resolution))) {
    const sorted = specs.filter((s) => s.resolution === resolution).sort((a, b) => a.minTime - b.minTime);
    for (let i = 1; i < sorted.length; i++) {
      const [prev, next] = [sorted[i - 1] as Spec, sorted[i] as Spec];
      if (next.minTime < prev.maxTime)
        found.push(`${resolution}: ${prev.minTime}-${prev.maxTime} / ${next.minTime}`);
    }
  }
  return found;
}

describe("the demo bucket's history of a stream", () => {
  // Every 2h-aligned end across two days, so that the newest block lands on every 8h and 48h boundary once.
  const start = Math.floor(Date.UTC(2026, 10, 20) / (2 * DAY)) * 2 * DAY;
  const ends = Array.from({ length: 24 }, (_, i) => start + (i + 1) * 2 * HOUR);

  it.each(ends.map((end) => [new Date(end).toISOString(), end]))(
    "has no overlapping blocks when the newest ends at %s",
    (_iso, end) => {
      const specs = history({ fleetwatch_group: "default", prometheus_replica: "a" }, end as number);
      expect(overlaps(specs)).toEqual([]);
      expect(Math.max(...specs.map((s) => s.maxTime))).toBe(end);
    },
  );
});
