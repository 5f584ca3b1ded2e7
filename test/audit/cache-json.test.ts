import { type CacheState, cacheJsonChunks } from "@fleetwatch/audit";
import { metaOf, NOW } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";

function stateOf(metas: number): CacheState {
  const state: CacheState = {
    version: 1,
    metas: {},
    markers: { 'odd "key"\n/deletion-mark.json': { lastModified: NOW, size: 3, text: '{"a":"\\u2028"}' } },
    boundaries: ["01J/meta.json", "01K"],
  };
  for (let i = 0; i < metas; i++) {
    const ulid = `01J${String(i).padStart(23, "0")}`;
    state.metas[ulid] = metaOf({ ulid, minTime: i, maxTime: i + 1 });
  }
  return state;
}

describe("cacheJsonChunks", () => {
  it.each([0, 1, 199, 200, 201, 1000])("joins to the JSON of a state with %i metas", (metas) => {
    const state = stateOf(metas);
    const text = [...cacheJsonChunks(state)].join("");
    expect(JSON.parse(text)).toEqual(state);
    expect(text.length).toBe(JSON.stringify(state).length);
  });

  it("never yields more than a few hundred metas at once", () => {
    const chunks = [...cacheJsonChunks(stateOf(1000))];
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(JSON.stringify(stateOf(250)).length);
  });
});
