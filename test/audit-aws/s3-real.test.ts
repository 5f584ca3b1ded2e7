import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { DEFAULT_AUDIT_CONFIG, runAudit } from "@fleetwatch/audit";
import { AWS_RETRY, S3AuditCache, S3Bucket, s3ClientFromEnv } from "@fleetwatch/audit-aws";
import { BucketFixture, HOUR, rawBlocks, STREAM_A1, ulidAt } from "@fleetwatch/devkit/blocks";
import { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import { blockFiles, createRealBlocks } from "@fleetwatch/devkit/tsdb-blocks";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const env = (endpoint: string) => ({
  AWS_ENDPOINT_URL_S3: endpoint,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
});
const retry = {
  ...AWS_RETRY,
  attempts: 8,
  baseMs: 1,
  maxMs: 20,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  random: Math.random,
};

describe("the audit through the S3 protocol against s3rver, with real promtool blocks", () => {
  let dir: string;
  let server: S3rver;
  let endpoint: string;
  const now = Date.now();
  const A0 = { fleetwatch_group: "default", prometheus_replica: "0" };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-s3rver-"));
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: join(dir, "store"),
      configureBuckets: [{ name: "thanos" }, { name: "state" }],
    });
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
    const client = s3ClientFromEnv(env(endpoint));
    const put = (key: string, body: string | Buffer) =>
      client.send(new PutObjectCommand({ Bucket: "thanos", Key: key, Body: body }));
    const hourStart = Math.floor(now / (2 * HOUR)) * 2 * HOUR;
    for (const block of await createRealBlocks(join(dir, "blocks"), {
      labels: A0,
      start: hourStart - 6 * HOUR,
      end: now - 60_000,
    })) {
      const ulid = block.slice(-26);
      for (const file of await blockFiles(block)) await put(`${ulid}/${file.rel}`, await readFile(file.path));
    }
    const synthetic = new BucketFixture();
    rawBlocks(synthetic, STREAM_A1, hourStart - 20 * HOUR, hourStart - 10 * HOUR);
    const partial = ulidAt(now - 5 * HOUR);
    for (const [key, body] of synthetic.bodies)
      await put(key, body || "x".repeat(synthetic.objects.get(key)?.size ?? 0));
    await put(`${partial}/chunks/000001`, "x");
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("finds the stale replica, keeps the fresh real stream clean, and caches metas for the next run", async () => {
    const client = s3ClientFromEnv(env(endpoint));
    const bucket = new S3Bucket(client, "thanos");
    const cache = new S3AuditCache(client, "state");
    const options = {
      bucket: "s3://thanos",
      lister: bucket,
      reader: bucket,
      cache,
      config: DEFAULT_AUDIT_CONFIG,
      now,
      retry,
      partitions: 4,
    };
    const cold = await runAudit(options);
    const ids = cold.report.findings.map((f) => `${f.id} ${f.severity} ${f.subject}`);
    expect(ids).toContain('stream-stale critical {fleetwatch_group="default",prometheus_replica="1"}');
    expect(ids.filter((i) => i.includes('prometheus_replica="0"'))).toEqual([]);
    expect(cold.report.findings.filter((f) => f.id === "missing-file" || f.id === "corrupt-meta")).toEqual(
      [],
    );
    expect(cold.view.objectCount).toBeGreaterThan(10);

    const warm = await runAudit(options);
    expect(warm.stats.getRequests).toBe(0);
    expect(warm.stats.cachedMetas).toBe(cold.stats.getRequests);
    expect(warm.report.findings).toEqual(cold.report.findings);
  });
});

describe("the audit against the loopback S3 server, throttling every 5th request", () => {
  const server = new LoopbackS3({ throttleEvery: 5, maxRequests: 50_000 });
  let endpoint: string;
  beforeAll(async () => {
    endpoint = await server.start();
    const fixture = new BucketFixture();
    const base = Date.parse("2026-11-20T00:00:00Z");
    rawBlocks(fixture, STREAM_A1, base - 100 * 24 * HOUR, base);
    for (const [key, o] of fixture.objects)
      server.put("thanos", `tenant/${key}`, fixture.bodies.get(key) || "x".repeat(o.size), o.lastModified);
    server.put("thanos", "tenant/debug/metas/x.json", "{}");
    server.put("thanos", "other-tenant/01JZ8Q5ABCDEFGHJKMNPQRSTVW/meta.json", "{}");
  });
  afterAll(() => server.stop());

  it("reads every page of a prefix despite SlowDown and judges it", async () => {
    const client = s3ClientFromEnv(env(endpoint));
    const bucket = new S3Bucket(client, "thanos", "tenant/");
    const now = Date.parse("2026-11-20T03:00:00Z");
    const result = await runAudit({
      bucket: "s3://thanos/tenant",
      lister: bucket,
      reader: bucket,
      config: DEFAULT_AUDIT_CONFIG,
      now,
      retry,
    });
    expect(server.counts.throttled).toBeGreaterThan(50);
    expect(result.stats.retries).toBe(server.counts.throttled);
    expect(result.view.blocks.size).toBe(1200);
    expect(result.view.objectCount).toBe(3601);
    expect(result.report.findings.filter((f) => f.id === "corrupt-meta")).toEqual([]);
  });
});
