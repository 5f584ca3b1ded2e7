/** A simulated clock: time moves only when a test or the simulation advances it. */
export class FakeClock {
  constructor(private ms = Date.parse("2026-11-21T09:00:00Z")) {}
  now = (): Date => new Date(this.ms);
  get millis(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A seeded pseudo-random generator (mulberry32), so every scenario replays exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
