import { BucketFixture, HOUR, metaOf, NOW, rawBlocks, STREAM_A1, ulidAt } from "@fleetwatch/devkit/blocks";
import { isUlid, parseBlockMeta, parseMarker, ulidTimeMs } from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";

describe("BucketFixture", () => {
  it("writes blocks whose meta.json parses as Thanos metadata and lists the objects the fixture holds", () => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({
      minTime: NOW - 2 * HOUR,
      maxTime: NOW,
      labels: STREAM_A1,
      chunkBytes: 4096,
    });
    const parsed = parseBlockMeta(fixture.bodies.get(`${ulid}/meta.json`) as string);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value.ulid).toBe(ulid);
    expect(parsed.value.thanos.labels).toEqual(STREAM_A1);
    expect(parsed.value.thanos.source).toBe("sidecar");
    for (const file of parsed.value.thanos.files ?? []) {
      const object = fixture.objects.get(`${ulid}/${file.rel_path}`);
      expect(object, file.rel_path).toBeDefined();
      if (file.size_bytes !== undefined) expect(object?.size).toBe(file.size_bytes);
    }
  });

  it("stamps a block's ULID and objects at its upload time: 1h after a raw block, 2d after a compacted one", () => {
    const fixture = new BucketFixture();
    const raw = fixture.block({ minTime: NOW - 2 * HOUR, maxTime: NOW });
    const compacted = fixture.block({ minTime: NOW - 48 * HOUR, maxTime: NOW, level: 3 });
    expect(ulidTimeMs(raw)).toBe(NOW + HOUR);
    expect(fixture.objects.get(`${raw}/index`)?.lastModified).toBe(NOW + HOUR);
    expect(ulidTimeMs(compacted)).toBe(NOW + 48 * HOUR);
    expect(metaOf({ ulid: compacted, minTime: 0, maxTime: 1, level: 3 }).thanos.source).toBe("compactor");
  });

  it("writes markers that parse as Thanos markers for their block", () => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 2 * HOUR, maxTime: NOW });
    fixture.marker(ulid, "deletion-mark.json", { deletion_time: NOW / 1000 }, NOW);
    const parsed = parseMarker(
      "deletion-mark.json",
      fixture.bodies.get(`${ulid}/deletion-mark.json`) as string,
    );
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value.id).toBe(ulid);
  });

  it("lists in key order, and rawBlocks covers a range with 2h blocks of distinct ULIDs", () => {
    const fixture = new BucketFixture();
    const ulids = rawBlocks(fixture, STREAM_A1, NOW - 8 * HOUR, NOW);
    expect(ulids).toHaveLength(4);
    expect(new Set(ulids).size).toBe(4);
    expect(ulids.every(isUlid)).toBe(true);
    const keys = fixture.listing().map((o) => o.key);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toHaveLength(12);
    expect(isUlid(ulidAt(NOW))).toBe(true);
  });
});
