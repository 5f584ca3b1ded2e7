import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { writeFixture } from "@fleetwatch/devkit/file-bucket";
import { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./fake-io";

describe("--objstore.config-file", () => {
  const s3 = new LoopbackS3();
  let dir: string;
  let endpoint: string;
  let ulids: string[];
  const at = new Date(NOW).toISOString();

  /** Writes an objstore.yml into the scratch directory; returns its path. */
  async function objstore(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }
  const s3Config = (bucket: string) => `type: S3
config:
  bucket: ${bucket}
  endpoint: ${endpoint}
  insecure: true
  access_key: fleetwatch
  secret_key: fleetwatch
prefix: /tenant-0/
`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-objstore-cli-"));
    endpoint = (await s3.start()).replace(/^http:\/\//, "");
    const f = new BucketFixture();
    ulids = rawBlocks(f, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
    s3.createBucket("thanos");
    for (const [key, object] of f.objects)
      s3.put("thanos", `tenant-0/${key}`, f.bodies.get(key) || "x".repeat(object.size), object.lastModified);
    // Outside the prefix: neither verb sees it.
    s3.put("thanos", "other/01JAAAAAAAAAAAAAAAAAAAAAAA/chunks/000001", "x");
    await writeFixture(join(dir, "fs-bucket", "tenant-0"), f);
  });
  afterAll(async () => {
    await s3.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("lets `blocks` read an S3 bucket through the endpoint, keys and prefix of an objstore.yml", async () => {
    s3.resetCounts();
    const file = await objstore("s3.yml", s3Config("thanos"));
    const result = await cli(["blocks", "--objstore.config-file", file, "--format", "json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout).map((b: { ulid: string }) => b.ulid)).toEqual(ulids);
    expect(s3.counts.list).toBeGreaterThan(0);
    expect(s3.counts.get).toBe(ulids.length);
  });

  it("lets `audit` judge the same bucket, named s3://bucket/prefix in the report", async () => {
    const file = await objstore("s3.yml", s3Config("thanos"));
    const result = await cli(["audit", "--objstore.config-file", file, "--now", at, "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.bucket).toBe("s3://thanos/tenant-0/");
    expect(report.summary).toMatchObject({ status: "healthy", blocks: ulids.length });
  });

  it("reads a FILESYSTEM objstore.yml under its prefix, for both verbs", async () => {
    const file = await objstore(
      "fs.yml",
      `type: FILESYSTEM\nconfig:\n  directory: ${join(dir, "fs-bucket")}\nprefix: tenant-0\n`,
    );
    const blocks = await cli(["blocks", "--objstore.config-file", file, "--format", "csv"]);
    expect(blocks.code).toBe(0);
    expect(
      blocks.stdout
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.slice(0, 26)),
    ).toEqual(ulids);
    const audit = await cli(["audit", "--objstore.config-file", file, "--now", at]);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain(`fleetwatch audit of file://${join(dir, "fs-bucket", "tenant-0")}`);
  });

  it.each(["audit", "blocks"])(
    "`%s` refuses an objstore.yml without a bucket in one line, exit 3",
    async (verb) => {
      const file = await objstore("nobucket.yml", `type: S3\nconfig:\n  endpoint: ${endpoint}\n`);
      expect(await cli([verb, "--objstore.config-file", file])).toEqual({
        code: 3,
        stdout: "",
        stderr: `fleetwatch ${verb}: objstore config ${file}: config.bucket is missing: set it to the bucket's name (\`fleetwatch ${verb} --help\` lists the options)\n`,
      });
    },
  );

  it.each(["audit", "blocks"])("`%s` refuses an unknown type in one line, exit 3", async (verb) => {
    const file = await objstore("gcs.yml", "type: GCS\nconfig:\n  bucket: b\n");
    const result = await cli([verb, "--objstore.config-file", file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `fleetwatch ${verb}: objstore config ${file}: type GCS is not read by fleetwatch: use S3 or FILESYSTEM (\`fleetwatch ${verb} --help\` lists the options)\n`,
    );
  });

  it("refuses --bucket with --objstore.config-file for the audit too", async () => {
    const result = await cli(["audit", "--bucket", "s3://b", "--objstore.config-file", "x.yml"]);
    expect(result).toMatchObject({ code: 3, stdout: "" });
    expect(result.stderr).toContain(
      "--bucket and --objstore.config-file name the bucket twice: give one of them",
    );
  });

  it("exits 3 with the fix when the objstore.yml names a bucket the server does not have", async () => {
    const file = await objstore("typo.yml", s3Config("thanso"));
    const result = await cli(["blocks", "--objstore.config-file", file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^fleetwatch blocks: s3:\/\/thanso\/tenant-0\/: the bucket does not exist \(NoSuchBucket\): no bucket of that name here.*\n$/,
    );
    // Fixed, the same command lists the blocks.
    const fixed = await cli([
      "blocks",
      "--objstore.config-file",
      await objstore("typo.yml", s3Config("thanos")),
    ]);
    expect(fixed.code).toBe(0);
  });

  it("exits 1 in one line when the bucket keeps answering SlowDown, and lists it once it answers", async () => {
    const faults: { throttleEvery?: number } = { throttleEvery: 1 };
    const slow = new LoopbackS3(faults);
    try {
      const at = (await slow.start()).replace(/^http:\/\//, "");
      slow.put("thanos", `tenant-0/${ulids[0]}/meta.json`, "{}");
      const file = await objstore("slow.yml", s3Config("thanos").replace(endpoint, at));
      const result = await cli(["blocks", "--objstore.config-file", file]);
      expect(result).toMatchObject({ code: 1, stdout: "" });
      expect(result.stderr).toMatch(
        /^fleetwatch blocks: could not read the bucket: list .*: failed after retries: .*SlowDown[^\n]*\n$/,
      );
      faults.throttleEvery = undefined;
      const next = await cli(["blocks", "--objstore.config-file", file, "--format", "json"]);
      expect(next.code).toBe(0);
      // The meta.json is not valid: the block is listed, marked.
      expect(JSON.parse(next.stdout)).toMatchObject([{ ulid: ulids[0], markers: ["invalid-meta"] }]);
    } finally {
      await slow.stop();
    }
  });
});
