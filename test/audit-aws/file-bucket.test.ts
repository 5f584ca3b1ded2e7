import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_AUDIT_CONFIG, runAudit } from "@fleetwatch/audit";
import { FileAuditCache, FileBucket } from "@fleetwatch/audit-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../support/blocks";
import { createRealBlocks } from "../support/tsdb-blocks";

describe("FileBucket (Thanos FILESYSTEM layout) with real promtool blocks", () => {
  let dir: string;
  let blocks: string[];
  const now = Date.now();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-fs-"));
    const start = Math.floor(now / (2 * HOUR)) * 2 * HOUR - 4 * HOUR;
    blocks = await createRealBlocks(join(dir, "bucket"), {
      labels: { replica: "a" },
      start,
      end: now - 60_000,
    });
    await rm(join(dir, "bucket", "data.om"));
    await mkdir(join(dir, "bucket", "debug", "metas"), { recursive: true });
    await writeFile(join(dir, "bucket", "debug", "metas", "x.json"), "{}");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("lists keys with slashes, reads bodies, and audits the real blocks as healthy", async () => {
    const bucket = new FileBucket(join(dir, "bucket"));
    const cache = new FileAuditCache(join(dir, "cache.json"));
    const audit = () =>
      runAudit({
        bucket: "file://",
        lister: bucket,
        reader: bucket,
        cache,
        config: DEFAULT_AUDIT_CONFIG,
        now,
      });
    const result = await audit();
    expect(result.view.blocks.size).toBe(blocks.length);
    expect(result.report.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(await bucket.get("nope/meta.json")).toBeUndefined();
    const again = await audit();
    expect(again.stats.getRequests).toBe(0);
  });

  it("pages listings of more than 1000 files", async () => {
    const many = join(dir, "many");
    await mkdir(many, { recursive: true });
    await Promise.all(
      Array.from({ length: 1500 }, (_, i) => writeFile(join(many, `f${String(i).padStart(4, "0")}`), "")),
    );
    const bucket = new FileBucket(many);
    const first = await bucket.listPage({});
    expect(first.objects).toHaveLength(1000);
    const second = await bucket.listPage({}, first.nextToken);
    expect(second.objects).toHaveLength(500);
    expect(second.nextToken).toBeUndefined();
  });
});
