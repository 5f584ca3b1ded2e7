import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  BucketAccessError,
  DEFAULT_AUDIT_CONFIG,
  exitCodeOf,
  MAX_DOCUMENT_BYTES,
  runAudit,
} from "@fleetwatch/audit";
import { AWS_RETRY, FileAuditCache, FileBucket, fileAccessError } from "@fleetwatch/audit-aws";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";
import { createRealBlocks } from "@fleetwatch/devkit/tsdb-blocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
        retry: AWS_RETRY,
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

/** Writes a fixture's objects to `dir` (bodies, padded sparse to their listed sizes). */
async function writeFixture(dir: string, fixture: BucketFixture): Promise<void> {
  for (const object of fixture.objects.values()) {
    const path = join(dir, ...object.key.split("/"));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, fixture.bodies.get(object.key) ?? "");
    await truncate(path, Math.max(object.size, Buffer.byteLength(fixture.bodies.get(object.key) ?? "")));
  }
}

/** An audit of the file:// bucket at `path` with the default config, as of NOW. */
function auditOf(path: string) {
  const bucket = new FileBucket(path);
  return runAudit({
    bucket: `file://${path}`,
    lister: bucket,
    reader: bucket,
    config: DEFAULT_AUDIT_CONFIG,
    now: NOW,
    retry: AWS_RETRY,
  });
}

describe("FileBucket audits of what is not a healthy bucket", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-fs-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("finds no blocks in an empty directory or a directory of junk (like /usr), not a healthy bucket", async () => {
    const empty = join(dir, "empty");
    await mkdir(empty);
    const junk = join(dir, "usr");
    await mkdir(join(junk, "bin"), { recursive: true });
    await writeFile(join(junk, "bin", "ls"), "ELF");
    for (const path of [empty, junk]) {
      const { report } = await auditOf(path);
      expect(report.findings.map((f) => `${f.id} ${f.severity}`)).toEqual(["no-blocks warning"]);
      expect(exitCodeOf(report)).toBe(1);
    }
    const { report } = await auditOf(junk);
    expect(report.findings[0]?.evidence).toContain("1 object(s) outside <ULID>/ prefixes, e.g. bin/");
  });

  it("reports a 600 MB meta.json as corrupt-meta of its block alone, without reading it", async () => {
    const root = join(dir, "huge");
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 6 * HOUR, NOW - 2 * HOUR);
    const huge = fixture.block({ minTime: NOW - 6 * HOUR, maxTime: NOW - 4 * HOUR, labels: STREAM_A1 });
    await writeFixture(root, fixture);
    // Sparse: listed at 600 MB, no disk used; reading it as one string fails with "Invalid string length".
    await truncate(join(root, huge, "meta.json"), 600 * 1024 * 1024);
    const result = await auditOf(root);
    const bad = result.report.findings.filter((f) => f.severity !== "info");
    expect(bad.map((f) => `${f.id} ${f.subject}`)).toEqual([`corrupt-meta ${huge}`]);
    expect(bad[0]?.evidence).toContain("600.0 MiB, over the 16.0 MiB bound");
    expect(result.view.blocks.size).toBe(3);
    expect(result.stats.getRequests).toBe(2);
    expect(MAX_DOCUMENT_BYTES).toBe(16 * 1024 * 1024);
  });
});

describe("FileBucket that cannot be read", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-fs-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("names a missing directory as such, not S3 permissions, and audits it once it exists", async () => {
    const missing = join(dir, "missing");
    const result = await auditOf(missing);
    expect(result.bucketAccess?.kind).toBe("missing-directory");
    const [finding, ...rest] = result.report.findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: "source-unavailable", severity: "critical", subject: "bucket" });
    expect(finding?.evidence).toBe(
      `could not read bucket: ${missing}: the directory does not exist (ENOENT)`,
    );
    expect(finding?.fix).toMatch(/^the directory does not exist/);
    expect(finding?.fix).not.toMatch(/s3|S3/);

    await mkdir(missing);
    const next = await auditOf(missing);
    expect(next.bucketAccess).toBeUndefined();
    expect(next.report.findings.map((f) => f.id)).toEqual(["no-blocks"]);
  });

  it("names a file given as the bucket directory", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    const result = await auditOf(file);
    expect(result.bucketAccess?.kind).toBe("not-a-directory");
    expect(result.report.findings[0]?.fix).toMatch(/^the path is a file/);
  });

  it.each([
    { code: "EACCES", kind: "permission-denied" },
    { code: "EPERM", kind: "permission-denied" },
    { code: "ENOENT", kind: "missing-directory" },
    { code: "ENOTDIR", kind: "not-a-directory" },
  ])("maps $code to $kind (root ignores permissions, so the errno is made here)", ({ code, kind }) => {
    const errno = Object.assign(new Error(`${code}: /x`), { code });
    const error = fileAccessError(errno, "/x");
    expect(error).toBeInstanceOf(BucketAccessError);
    expect(error).toMatchObject({ kind, target: "/x", code, cause: errno });
  });

  it("leaves other file system errors as they are", () => {
    const eio = Object.assign(new Error("EIO"), { code: "EIO" });
    expect(fileAccessError(eio, "/x")).toBe(eio);
  });
});
