import {
  type AuditCache,
  BucketReadError,
  type CacheState,
  type RetryOptions,
  readBucket,
} from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { BucketFixture, DAY, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "../support/blocks";
import { MemoryBucket } from "../support/memory-bucket";

const noSleep: RetryOptions = {
  attempts: 6,
  baseMs: 100,
  maxMs: 5000,
  sleep: async () => {},
  random: () => 0.5,
};

class MemoryCache implements AuditCache {
  state: CacheState | undefined;
  async load() {
    return this.state;
  }
  async save(state: CacheState) {
    this.state = structuredClone(state);
  }
}

function bigFixture(): BucketFixture {
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, NOW - 20 * DAY, NOW - 2 * HOUR);
  rawBlocks(fixture, STREAM_A1, NOW - 20 * DAY, NOW - 2 * HOUR);
  const marked = rawBlocks(fixture, { g: "x" }, NOW - 3 * DAY, NOW - 2 * DAY);
  for (const u of marked) fixture.marker(u, "deletion-mark.json", { deletion_time: 1 }, NOW - DAY);
  fixture.put("debug/metas/x.json", "{}", NOW);
  return fixture;
}

describe("readBucket", () => {
  it("lists every key exactly once across partitions and pages", async () => {
    const fixture = bigFixture();
    const bucket = new MemoryBucket(fixture.objects, fixture.bodies, { pageSize: 37 });
    const read = await readBucket({ lister: bucket, reader: bucket, now: NOW, retry: noSleep });
    expect(read.listing.map((o) => o.key).sort()).toEqual([...fixture.objects.keys()].sort());
  });

  it("GETs only meta.json and markers, and on the next run only what is new or changed", async () => {
    const fixture = bigFixture();
    const cache = new MemoryCache();
    const first = new MemoryBucket(fixture.objects, fixture.bodies);
    const cold = await readBucket({ lister: first, reader: first, cache, now: NOW, retry: noSleep });
    await cache.save(cold.nextCache);
    const metas = [...fixture.objects.keys()].filter((k) => k.endsWith("/meta.json")).length;
    const markers = [...fixture.objects.keys()].filter((k) => k.endsWith("mark.json")).length;
    expect(cold.stats.getRequests).toBe(metas + markers);
    expect(cache.state?.boundaries).toHaveLength(15);

    const fresh = rawBlocks(fixture, STREAM_A0, NOW - 2 * HOUR, NOW);
    const changed = [...fixture.objects.keys()].find((k) => k.endsWith("deletion-mark.json")) as string;
    fixture.put(changed, fixture.bodies.get(changed) as string, NOW);
    const second = new MemoryBucket(fixture.objects, fixture.bodies);
    const warm = await readBucket({ lister: second, reader: second, cache, now: NOW, retry: noSleep });
    expect(warm.stats.getRequests).toBe(fresh.length + 1);
    expect(warm.stats.cachedMetas).toBe(metas);
    expect(warm.texts.get(changed)).toBe(fixture.bodies.get(changed));
  });

  it("retries SlowDown with backoff and jitter and still reads everything", async () => {
    const fixture = bigFixture();
    const bucket = new MemoryBucket(fixture.objects, fixture.bodies, { throttleEvery: 7 });
    const waits: number[] = [];
    const retry = { ...noSleep, sleep: async (ms: number) => void waits.push(ms) };
    const read = await readBucket({ lister: bucket, reader: bucket, now: NOW, retry });
    expect(bucket.requests.throttled).toBeGreaterThan(10);
    expect(read.stats.retries).toBe(bucket.requests.throttled);
    expect(read.listing).toHaveLength(fixture.objects.size);
    expect(Math.max(...waits)).toBeLessThanOrEqual(5000);
    expect(waits.every((w) => w >= 0)).toBe(true);
  });

  it("gives up with a BucketReadError that keeps the cause", async () => {
    const failing = {
      listPage: async () => {
        throw Object.assign(new Error("Access Denied"), {
          name: "AccessDenied",
          $metadata: { httpStatusCode: 403 },
        });
      },
      get: async () => undefined,
    };
    const error = await readBucket({ lister: failing, reader: failing, now: NOW, retry: noSleep }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(BucketReadError);
    expect((error as Error).cause).toMatchObject({ name: "AccessDenied" });
  });

  it("treats an unreadable or malformed cache as empty", async () => {
    const fixture = bigFixture();
    const bucket = new MemoryBucket(fixture.objects, fixture.bodies);
    const broken: AuditCache = {
      load: async () => ({ version: 7 }) as unknown as CacheState,
      save: async () => {},
    };
    const read = await readBucket({
      lister: bucket,
      reader: bucket,
      cache: broken,
      now: NOW,
      retry: noSleep,
    });
    expect(read.stats.cachedMetas).toBe(0);
  });
});
