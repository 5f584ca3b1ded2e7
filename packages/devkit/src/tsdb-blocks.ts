import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BlockMeta } from "@fleetwatch/thanos";

const run = promisify(execFile);

/** Whether `promtool` is on PATH. */
export async function hasPromtool(): Promise<boolean> {
  try {
    await run("promtool", ["--version"], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export interface RealBlocksOptions {
  /** Thanos external labels written into each meta.json. */
  labels: Record<string, string>;
  /** Unix ms of the first sample. */
  start: number;
  /** Unix ms after the last sample. */
  end: number;
  /** Series count. @default 20 */
  series?: number;
  /** Sample interval. @default 60_000 */
  stepMs?: number;
}

/**
 * Real TSDB blocks: OpenMetrics text through `promtool tsdb create-blocks-from openmetrics` (blocks cut at 2h
 * boundaries), then the `thanos` section a sidecar adds (labels, resolution, source, files with real sizes).
 * Returns the block directories, `<outDir>/<ULID>`.
 */
export async function createRealBlocks(outDir: string, options: RealBlocksOptions): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const lines: string[] = ["# TYPE fleetwatch_demo_requests counter"];
  const step = options.stepMs ?? 60_000;
  const series = options.series ?? 20;
  for (let s = 0; s < series; s++) {
    for (let t = options.start, v = 0; t < options.end; t += step, v += s + 1) {
      lines.push(`fleetwatch_demo_requests_total{instance="i-${s}"} ${v} ${(t / 1000).toFixed(3)}`);
    }
  }
  lines.push("# EOF");
  const input = join(outDir, "data.om");
  await writeFile(input, `${lines.join("\n")}\n`);
  const before = new Set(await readdir(outDir));
  await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", input, outDir], { timeout: 60_000 });
  const blocks = (await readdir(outDir)).filter((d) => !before.has(d) && /^[0-9A-Z]{26}$/.test(d));
  for (const block of blocks) await addThanosSection(join(outDir, block), options.labels);
  return blocks.map((b) => join(outDir, b));
}

async function addThanosSection(dir: string, labels: Record<string, string>) {
  const metaPath = join(dir, "meta.json");
  const meta = JSON.parse(await readFile(metaPath, "utf8")) as Omit<BlockMeta, "thanos">;
  const files: { rel_path: string; size_bytes?: number }[] = [];
  for (const chunk of (await readdir(join(dir, "chunks"))).sort()) {
    files.push({ rel_path: `chunks/${chunk}`, size_bytes: (await stat(join(dir, "chunks", chunk))).size });
  }
  files.push(
    { rel_path: "index", size_bytes: (await stat(join(dir, "index"))).size },
    { rel_path: "meta.json" },
  );
  const thanos = { labels, downsample: { resolution: 0 }, source: "sidecar", files };
  await writeFile(metaPath, JSON.stringify({ ...meta, thanos }, null, "\t"));
}

/** Every file of a block directory as (key relative to the bucket, absolute path). */
export async function blockFiles(blockDir: string): Promise<{ rel: string; path: string }[]> {
  const out: { rel: string; path: string }[] = [];
  for (const entry of await readdir(blockDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({
      rel: path
        .slice(blockDir.length + 1)
        .split("\\")
        .join("/"),
      path,
    });
  }
  return out;
}
