import { metaOf } from "@fleetwatch/devkit/blocks";
import { parseBlockMeta, parseMarker } from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";

const U = "01JZ8Q5ABCDEFGHJKMNPQRSTVW";
const valid = metaOf({ ulid: U, minTime: 0, maxTime: 7_200_000 });

describe("parseBlockMeta", () => {
  it("accepts a valid meta.json and drops unknown keys", () => {
    const parsed = parseBlockMeta(JSON.stringify({ ...valid, extra: 1 }));
    expect(parsed).toEqual({ ok: true, value: valid });
  });

  it.each([
    ["not JSON", "{", "not JSON"],
    ["version 2", JSON.stringify({ ...valid, version: 2 }), "version"],
    ["maxTime not above minTime", JSON.stringify({ ...valid, maxTime: 0 }), "maxTime"],
    [
      "a bad resolution",
      JSON.stringify({ ...valid, thanos: { ...valid.thanos, downsample: { resolution: 60000 } } }),
      "thanos.downsample.resolution",
    ],
    [
      "an unknown source",
      JSON.stringify({ ...valid, thanos: { ...valid.thanos, source: "sidekick" } }),
      "thanos.source",
    ],
    ["no thanos section", JSON.stringify({ ...valid, thanos: undefined }), "thanos"],
    ["level 0", JSON.stringify({ ...valid, compaction: { level: 0 } }), "compaction.level"],
    ["a bad ulid", JSON.stringify({ ...valid, ulid: "x" }), "ulid"],
  ])("rejects %s", (_name, text, where) => {
    const parsed = parseBlockMeta(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.problems).toContain(where);
  });

  it("accepts a real upload_time with an offset", () => {
    const meta = {
      ...valid,
      thanos: { ...valid.thanos, upload_time: "2026-11-20T10:00:01.123456789+01:00" },
    };
    expect(parseBlockMeta(JSON.stringify(meta)).ok).toBe(true);
  });
});

describe("parseMarker", () => {
  it.each([
    ["deletion-mark.json", { id: U, version: 1, details: "", deletion_time: 1_763_600_000 }],
    [
      "no-compact-mark.json",
      { id: U, version: 1, no_compact_time: 1_763_600_000, reason: "index-size-exceeding" },
    ],
    ["no-downsample-mark.json", { id: U, version: 1, no_downsample_time: 1_763_600_000, reason: "manual" }],
  ] as const)("accepts a valid %s", (file, body) => {
    expect(parseMarker(file, JSON.stringify(body))).toEqual({ ok: true, value: body });
  });

  it.each([
    ["deletion-mark.json", { id: U, version: 1, deletion_time: 1.5 }, "deletion_time"],
    ["deletion-mark.json", { id: U, version: 2, deletion_time: 1 }, "version"],
    ["no-compact-mark.json", { id: U, version: 1, no_compact_time: 1, reason: "because" }, "reason"],
  ] as const)("rejects a bad %s", (file, body, where) => {
    const parsed = parseMarker(file, JSON.stringify(body));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.problems).toContain(where);
  });
});
