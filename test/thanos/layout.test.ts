import { blockKeyOf, isMarkerFile } from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";

const U = "01JZ8Q5ABCDEFGHJKMNPQRSTVW";

describe("blockKeyOf", () => {
  it.each([
    [`${U}/meta.json`, { ulid: U, relPath: "meta.json" }],
    [`${U}/chunks/000001`, { ulid: U, relPath: "chunks/000001" }],
    [`debug/metas/${U}.json`, undefined],
    [`${U}.json`, undefined],
    [`${U}/`, undefined],
    ["lowercase01jz8q5abcdefghjkmnp/meta.json", undefined],
  ])("splits %s", (key, expected) => {
    expect(blockKeyOf(key)).toEqual(expected);
  });

  it.each([
    ["deletion-mark.json", true],
    ["no-compact-mark.json", true],
    ["no-downsample-mark.json", true],
    ["meta.json", false],
  ])("isMarkerFile(%s) is %s", (file, expected) => {
    expect(isMarkerFile(file)).toBe(expected);
  });
});
