import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { blockFiles, createRealBlocks, hasPromtool } from "@fleetwatch/devkit/tsdb-blocks";
import { parseBlockMeta } from "@fleetwatch/thanos";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const START = Date.parse("2026-11-20T00:00:00Z");
const LABELS = { fleetwatch_group: "default", prometheus_replica: "0" };

describe("createRealBlocks", () => {
  let dir: string;
  let blocks: string[];

  beforeAll(async () => {
    // The test tools are installed on every machine that runs the suite (npm run tools); no silent skip.
    expect(await hasPromtool()).toBe(true);
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-devkit-tsdb-"));
    blocks = await createRealBlocks(join(dir, "bucket"), {
      labels: LABELS,
      start: START,
      end: START + 5 * 3_600_000,
      series: 3,
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("cuts blocks at 2h boundaries that promtool itself reads back, with every sample", async () => {
    expect(blocks).toHaveLength(3);
    const { stdout } = await run("promtool", ["tsdb", "list", join(dir, "bucket")]);
    const rows = stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(/\s+/));
    expect(rows.map((r) => r[0]).sort()).toEqual(blocks.map((b) => basename(b)).sort());
    // 3 series, one sample a minute for 5 hours.
    expect(rows.reduce((n, r) => n + Number(r[4]), 0)).toBe(3 * 5 * 60);
  });

  it("adds the sidecar's thanos section: the meta.json parses, and its files list the real sizes", async () => {
    for (const block of blocks) {
      const parsed = parseBlockMeta(await readFile(join(block, "meta.json"), "utf8"));
      if (!parsed.ok) throw parsed.error;
      const meta = parsed.value;
      expect(meta.ulid).toBe(basename(block));
      expect(meta.thanos).toMatchObject({ labels: LABELS, source: "sidecar", downsample: { resolution: 0 } });
      expect(meta.maxTime - meta.minTime).toBeLessThanOrEqual(2 * 3_600_000);
      for (const file of meta.thanos.files ?? []) {
        if (file.size_bytes === undefined) continue;
        expect((await stat(join(block, file.rel_path))).size, file.rel_path).toBe(file.size_bytes);
      }
    }
  });

  it("lists a block's files as bucket keys relative to the block", async () => {
    const block = blocks[0] as string;
    const files = await blockFiles(block);
    expect(files.map((f) => f.rel).sort()).toEqual(["chunks/000001", "index", "meta.json", "tombstones"]);
    for (const f of files) expect(f.path).toBe(join(block, ...f.rel.split("/")));
  });
});
