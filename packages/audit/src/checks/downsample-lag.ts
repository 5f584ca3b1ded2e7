import type { Check } from "../check.js";
import type { Finding } from "../finding.js";
import type { LoadedBlock } from "../view.js";
import { uploadedAt } from "./overlap.js";

const HOUR = 3_600_000;
/** Thanos downsamples raw -> 5m once a block spans 40h, and 5m -> 1h once it spans 10 days. */
const STEPS = [
  { from: 0, to: 300_000, minSpan: 40 * HOUR, name: "raw -> 5m" },
  { from: 300_000, to: 3_600_000, minSpan: 240 * HOUR, name: "5m -> 1h" },
] as const;

function covered(block: LoadedBlock, candidates: LoadedBlock[]): boolean {
  return candidates.some((c) => c.meta.minTime <= block.meta.minTime && c.meta.maxTime >= block.meta.maxTime);
}

/** Blocks long enough to downsample, older than the grace time, with no block of the next resolution covering them. */
export const downsampleLag: Check = {
  id: "downsample-lag",
  run({ streams, config, now }) {
    if (!config.downsampling) return [];
    const findings: Finding[] = [];
    for (const stream of streams) {
      for (const step of STEPS) {
        const next = stream.blocks.filter((b) => b.meta.thanos.downsample.resolution === step.to);
        const waiting = stream.blocks.filter(
          (b) =>
            b.meta.thanos.downsample.resolution === step.from &&
            !b.noDownsampleMark &&
            b.meta.maxTime - b.meta.minTime >= step.minSpan &&
            now - uploadedAt(b) > config.downsampleLagMs &&
            !covered(b, next),
        );
        const first = waiting[0];
        if (!first) continue;
        findings.push({
          id: "downsample-lag",
          severity: "warning",
          subject: stream.key,
          evidence: `${waiting.length} block(s) not downsampled ${step.name} after ${Math.round(config.downsampleLagMs / HOUR)}h, e.g. ${first.ulid}`,
          fix: "check the compactor's downsampling (thanos_compact_downsample_failures_total, disk space) and that it runs without --downsampling.disable",
        });
      }
    }
    return findings;
  },
};
