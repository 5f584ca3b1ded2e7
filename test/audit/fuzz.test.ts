import { buildView, DEFAULT_AUDIT_CONFIG, judge } from "@fleetwatch/audit";
import { BucketFixture, HOUR, metaOf, NOW, ulidAt } from "@fleetwatch/devkit/blocks";
import { MARKER_FILES } from "@fleetwatch/thanos";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const ULID = ulidAt(NOW - 30 * HOUR);
const valid = metaOf({ ulid: ULID, minTime: NOW - 40 * HOUR, maxTime: NOW - 38 * HOUR });

/** JSON-ish values, valid-looking metas with fields replaced, and raw bytes. */
const field = fc.constantFrom(
  "ulid",
  "minTime",
  "maxTime",
  "version",
  "compaction",
  "thanos",
  "stats",
  "thanos.labels",
  "thanos.downsample",
  "thanos.source",
  "thanos.files",
  "compaction.level",
  "thanos.upload_time",
);
const mutatedMeta = fc.tuple(field, fc.jsonValue()).map(([path, value]) => {
  const copy = structuredClone(valid) as unknown as Record<string, Record<string, unknown>>;
  const [a, b] = path.split(".") as [string, string | undefined];
  if (b === undefined) (copy as Record<string, unknown>)[a] = value;
  else if (typeof copy[a] === "object" && copy[a] !== null) copy[a][b] = value;
  return JSON.stringify(copy);
});
const body = fc.oneof(
  mutatedMeta,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("latin1")),
  fc.constant(JSON.stringify(valid)),
);
const markerBody = fc.oneof(
  fc
    .record({
      id: fc.oneof(fc.constant(ULID), fc.string()),
      version: fc.oneof(fc.constant(1), fc.integer()),
      deletion_time: fc.oneof(fc.nat(), fc.double(), fc.string()),
      reason: fc.string(),
    })
    .map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
);

describe("the audit on random and malformed meta.json and markers", () => {
  it("never throws; each meta.json becomes a valid block or a corrupt-meta finding", () => {
    fc.assert(
      fc.property(body, fc.option(fc.tuple(fc.constantFrom(...MARKER_FILES), markerBody)), (meta, marker) => {
        const fixture = new BucketFixture();
        fixture.put(`${ULID}/meta.json`, meta, NOW - 30 * HOUR);
        fixture.put(`${ULID}/index`, "", NOW - 30 * HOUR, 200);
        fixture.put("junk/not-a-block", meta, NOW);
        if (marker) fixture.put(`${ULID}/${marker[0]}`, marker[1], NOW - HOUR);
        const view = buildView(fixture.listing(), fixture.docs());
        const report = judge(view, {}, { bucket: "fuzz", config: DEFAULT_AUDIT_CONFIG, now: NOW });
        const block = view.blocks.get(ULID);
        const corrupt = report.findings.filter(
          (f) => f.id === "corrupt-meta" && f.evidence.startsWith(`${ULID}/meta.json`),
        );
        expect(Boolean(block?.meta) !== (corrupt.length === 1)).toBe(true);
        if (marker) {
          const markerCorrupt = report.findings.some(
            (f) => f.id === "corrupt-meta" && f.evidence.startsWith(`${ULID}/${marker[0]}`),
          );
          const parsed = Boolean(block?.deletionMark || block?.noCompactMark || block?.noDownsampleMark);
          expect(parsed !== markerCorrupt).toBe(true);
        }
        expect(view.blocks.size).toBe(1);
        expect(report.findings.every((f) => f.id !== "source-unavailable")).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});
