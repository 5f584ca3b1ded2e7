import {
  type AuditCache,
  BucketReadError,
  type CacheState,
  DEADLINE_MARGIN_MS,
  pageBoundaries,
  ReadStoppedError,
  type RetryOptions,
  readBucket,
} from "@fleetwatch/audit";
import { BucketFixture, DAY, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";
import { MemoryAuditCache } from "@fleetwatch/devkit/fakes/audit-cache";
import { isFakeTransient, MemoryBucket } from "@fleetwatch/devkit/memory-bucket";
import { describe, expect, it } from "vitest";

const noSleep: RetryOptions = {
  attempts: 6,
  baseMs: 100,
  maxMs: 5000,
  sleep: async () => {},
  random: () => 0.5,
  retryable: isFakeTransient,
};

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
    const cache = new MemoryAuditCache();
    const first = new MemoryBucket(fixture.objects, fixture.bodies);
    const cold = await readBucket({ lister: first, reader: first, cache, now: NOW, retry: noSleep });
    await cache.save(cold.nextCache);
    const metas = [...fixture.objects.keys()].filter((k) => k.endsWith("/meta.json")).length;
    const markers = [...fixture.objects.keys()].filter((k) => k.endsWith("mark.json")).length;
    expect(cold.stats.getRequests).toBe(metas + markers);
    // About 1,500 keys: two pages, so one boundary, the last key of the first page.
    expect(cache.state?.boundaries).toEqual([[...fixture.objects.keys()].sort()[999]]);

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

  it("keeps one copy of each label set among the metas it read and those of the cache", async () => {
    const fixture = bigFixture();
    const cache = new MemoryAuditCache();
    const first = new MemoryBucket(fixture.objects, fixture.bodies);
    await cache.save(
      (await readBucket({ lister: first, reader: first, cache, now: NOW, retry: noSleep })).nextCache,
    );
    rawBlocks(fixture, STREAM_A0, NOW - 2 * HOUR, NOW);
    const second = new MemoryBucket(fixture.objects, fixture.bodies);
    const warm = await readBucket({ lister: second, reader: second, cache, now: NOW, retry: noSleep });
    const a0 = [...warm.cachedMetas.values()].filter((m) => m.thanos.labels.prometheus_replica === "0");
    expect(a0.length).toBeGreaterThan(2);
    expect(new Set(a0.map((m) => m.thanos.labels)).size).toBe(1);
    expect(a0[0]?.thanos.labels).toEqual(STREAM_A0);
  });

  describe("partitions", () => {
    /** 30 streams of 2h blocks over 45 days: about 16,000 blocks, 48,000 keys. */
    function fleet(): BucketFixture {
      const fixture = new BucketFixture();
      for (let s = 0; s < 30; s++) rawBlocks(fixture, { g: `s${s}` }, NOW - 45 * DAY, NOW - 2 * HOUR);
      return fixture;
    }
    /** `count` new blocks, newer than every other (as the sidecars upload them). */
    function fresh(fixture: BucketFixture, count: number): string[] {
      return Array.from({ length: count }, (_, i) =>
        fixture.block({ minTime: NOW - 2 * HOUR, maxTime: NOW, labels: { g: `s${i}` }, writtenAt: NOW + i }),
      );
    }
    async function coldThenWarm(fixture: BucketFixture, change: (f: BucketFixture) => void) {
      const cache = new MemoryAuditCache();
      const first = new MemoryBucket(fixture.objects, fixture.bodies);
      await cache.save(
        (await readBucket({ lister: first, reader: first, cache, now: NOW, retry: noSleep })).nextCache,
      );
      change(fixture);
      const second = new MemoryBucket(fixture.objects, fixture.bodies);
      const warm = await readBucket({ lister: second, reader: second, cache, now: NOW, retry: noSleep });
      return { warm, cache, second };
    }

    it("lists a warm bucket with 1% new blocks in ceil(keys / 1000) pages, as one flat listing would", async () => {
      const fixture = fleet();
      const blocks = fixture.objects.size / 3;
      const { warm, cache } = await coldThenWarm(fixture, (f) => fresh(f, Math.round(blocks / 100)));
      expect(cache.state?.boundaries).toHaveLength(15);
      expect(warm.listing.map((o) => o.key)).toEqual([...fixture.objects.keys()].sort());
      expect(warm.stats.listRequests).toBe(Math.ceil(fixture.objects.size / 1000));
    });

    it("costs at most one more page per partition whose keys changed, and still lists every key once", async () => {
      const fixture = fleet();
      const { warm } = await coldThenWarm(fixture, (f) => {
        fresh(f, 100);
        const keys = [...f.objects.keys()].sort();
        // A marker in the first partition; a block deleted across the second partition's last key.
        const marked = keys[10]?.slice(0, 26) as string;
        f.marker(marked, "deletion-mark.json", { deletion_time: 1 }, NOW);
        for (const key of keys.slice(Math.floor((2 * keys.length) / 16) - 3).slice(0, 6)) {
          f.objects.delete(key);
          f.bodies.delete(key);
        }
      });
      expect(warm.listing.map((o) => o.key)).toEqual([...fixture.objects.keys()].sort());
      expect(warm.stats.listRequests).toBeLessThanOrEqual(Math.ceil(fixture.objects.size / 1000) + 2);
    });

    it("splits between blocks with the ULID boundaries of an older cache, listing every key once", async () => {
      const fixture = fleet();
      const ulids = [...new Set([...fixture.objects.keys()].map((k) => k.slice(0, 26)))].sort();
      const cache = new MemoryAuditCache();
      cache.state = { version: 1, metas: {}, markers: {}, boundaries: [ulids[100], ulids[9000]] as string[] };
      const bucket = new MemoryBucket(fixture.objects, fixture.bodies, { pageSize: 700 });
      const read = await readBucket({ lister: bucket, reader: bucket, cache, now: NOW, retry: noSleep });
      expect(read.listing.map((o) => o.key)).toEqual([...fixture.objects.keys()].sort());
    });

    it.each([
      [0, []],
      [1000, []],
      [1001, ["k0999"]],
      [3500, ["k0999", "k1999", "k2999"]],
    ])("places the boundaries of %i keys at page ends", (count, expected) => {
      const keys = Array.from({ length: count }, (_, i) => `k${String(i).padStart(4, "0")}`);
      expect(pageBoundaries(keys, 16)).toEqual(expected);
    });

    it("spreads whole pages over the partitions", () => {
      const keys = Array.from({ length: 10_500 }, (_, i) => `k${String(i).padStart(5, "0")}`);
      expect(pageBoundaries(keys, 4)).toEqual(["k01999", "k04999", "k07999"]);
    });
  });

  describe("at its deadline", () => {
    /** A deadline with time for `gets` GETs (or listing pages) of `bucket` before the margin. */
    const timeFor = (bucket: MemoryBucket, gets: number) => ({
      remainingMs: () => DEADLINE_MARGIN_MS + gets - bucket.requests.get - bucket.requests.list - 0.5,
    });

    it("stops issuing GETs and hands over the cache it had plus what it read", async () => {
      const fixture = bigFixture();
      const cache = new MemoryAuditCache();
      const old = new MemoryBucket(fixture.objects, fixture.bodies);
      const full = await readBucket({ lister: old, reader: old, now: NOW, retry: noSleep });
      const [gone, kept] = Object.entries(full.nextCache.metas);
      if (!gone || !kept) throw new Error("fixture without blocks");
      // One cached meta of a block still listed, one of a block deleted since (only a complete read drops it).
      fixture.objects.delete(`${gone[0]}/meta.json`);
      cache.state = {
        version: 1,
        metas: { [gone[0]]: gone[1], [kept[0]]: kept[1] },
        markers: {},
        boundaries: [],
      };
      const bucket = new MemoryBucket(fixture.objects, fixture.bodies);
      const lists = Math.ceil(fixture.objects.size / 1000) + 16;
      const error = await readBucket({
        lister: bucket,
        reader: bucket,
        cache,
        now: NOW,
        retry: noSleep,
        deadline: timeFor(bucket, lists + 5),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReadStoppedError);
      const stopped = error as ReadStoppedError;
      expect(stopped.stats.getRequests).toBe(bucket.requests.get);
      expect(bucket.requests.get).toBeGreaterThan(0);
      expect(stopped.left).toBeGreaterThan(0);
      expect(Object.keys(stopped.nextCache.metas)).toEqual(expect.arrayContaining([gone[0], kept[0]]));
      expect(Object.keys(stopped.nextCache.metas).length).toBeGreaterThan(2);
    });

    it("stops while listing without touching the cache", async () => {
      const fixture = bigFixture();
      const bucket = new MemoryBucket(fixture.objects, fixture.bodies);
      const error = await readBucket({
        lister: bucket,
        reader: bucket,
        now: NOW,
        retry: noSleep,
        deadline: timeFor(bucket, 0),
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "ReadStoppedError", left: undefined });
      expect(bucket.requests).toMatchObject({ list: 0, get: 0 });
      expect((error as ReadStoppedError).nextCache.metas).toEqual({});
    });
  });
});
