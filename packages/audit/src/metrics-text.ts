import type { CompactorMetrics } from "./compactor.js";

/** One sample of the Prometheus text exposition format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses Prometheus text format (version 0.0.4); lines it cannot read are skipped, never thrown on. */
export function parseMetricsText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const value = Number(match[3] === "+Inf" ? Infinity : match[3] === "-Inf" ? -Infinity : match[3]);
    if (Number.isNaN(value) && match[3] !== "NaN") continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? "").matchAll(LABEL))
      labels[k as string] = (v as string).replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c));
    samples.push({ name: match[1] as string, labels, value });
  }
  return samples;
}

function sum(samples: Sample[], name: string): number | undefined {
  const found = samples.filter((s) => s.name === name);
  return found.length ? found.reduce((a, s) => a + s.value, 0) : undefined;
}

/** The compactor's health metrics (names verified against Thanos v0.42) from its /metrics text. */
export function compactorMetricsOf(text: string): CompactorMetrics {
  const samples = parseMetricsText(text);
  const entries: [keyof CompactorMetrics, string][] = [
    ["halted", "thanos_compact_halted"],
    ["iterations", "thanos_compact_iterations_total"],
    ["compactionFailures", "thanos_compact_group_compactions_failures_total"],
    ["downsampleFailures", "thanos_compact_downsample_failures_total"],
    ["todoCompactions", "thanos_compact_todo_compactions"],
    ["todoCompactionBlocks", "thanos_compact_todo_compaction_blocks"],
    ["todoDownsampleBlocks", "thanos_compact_todo_downsample_blocks"],
    ["todoDeletionBlocks", "thanos_compact_todo_deletion_blocks"],
    ["lastSuccessfulUpload", "thanos_objstore_bucket_last_successful_upload_time"],
  ];
  const out: CompactorMetrics = {};
  for (const [key, name] of entries) {
    const value = sum(samples, name);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
