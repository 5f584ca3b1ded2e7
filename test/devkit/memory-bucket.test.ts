import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { FakeS3Error, MemoryBucket } from "@fleetwatch/devkit/memory-bucket";
import { describe, expect, it } from "vitest";

function bucket(options: ConstructorParameters<typeof MemoryBucket>[2] = {}) {
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW);
  return { fixture, bucket: new MemoryBucket(fixture.objects, fixture.bodies, options) };
}

describe("MemoryBucket", () => {
  it("pages in key order up to the page size, following its tokens to the end", async () => {
    const { fixture, bucket: b } = bucket({ pageSize: 4 });
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await b.listPage({}, token);
      expect(page.objects.length).toBeLessThanOrEqual(4);
      keys.push(...page.objects.map((o) => o.key));
      token = page.nextToken;
      pages++;
    } while (token);
    expect(keys).toEqual(fixture.listing().map((o) => o.key));
    expect(pages).toBe(Math.ceil(keys.length / 4));
    expect(b.requests.list).toBe(pages);
  });

  it("starts after startAfter, exclusive", async () => {
    const { fixture, bucket: b } = bucket();
    const keys = fixture.listing().map((o) => o.key);
    const page = await b.listPage({ startAfter: keys[2] as string });
    expect(page.objects.map((o) => o.key)).toEqual(keys.slice(3));
  });

  it("throws SlowDown (503) as the SDK does on every n-th request, and serves the next one", async () => {
    const { fixture, bucket: b } = bucket({ throttleEvery: 2 });
    const key = fixture.listing()[0]?.key as string;
    await b.get(key);
    const error = await b.get(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FakeS3Error);
    expect(error).toMatchObject({ name: "SlowDown", $metadata: { httpStatusCode: 503 } });
    expect(await b.get(key)).toBe(fixture.bodies.get(key));
    expect(b.requests).toEqual({ list: 0, get: 2, throttled: 1 });
  });

  it("answers a missing key with undefined (deleted since the listing)", async () => {
    const { bucket: b } = bucket();
    expect(await b.get("nope/meta.json")).toBeUndefined();
  });
});
