import type { CacheState } from "./ports.js";

/** Metas per chunk of {@link cacheJsonChunks}: big enough that streams add little, small enough to stay KBs. */
const METAS_PER_CHUNK = 200;

/**
 * The JSON text of a cache state, in chunks of a few hundred metas: what `JSON.stringify(state)` returns, without
 * ever holding it whole. At 100,000 blocks that text is tens of MB, and a caller that gzips or writes it as it
 * comes (a stream) never needs it in memory at all.
 */
export function* cacheJsonChunks(state: CacheState): Generator<string> {
  const { metas, ...rest } = state;
  const head = JSON.stringify(rest);
  yield `${head.slice(0, -1)}${head.length > 2 ? "," : ""}"metas":{`;
  let chunk: string[] = [];
  let first = true;
  for (const ulid of Object.keys(metas)) {
    chunk.push(`${JSON.stringify(ulid)}:${JSON.stringify(metas[ulid])}`);
    if (chunk.length === METAS_PER_CHUNK) {
      yield `${first ? "" : ","}${chunk.join(",")}`;
      first = false;
      chunk = [];
    }
  }
  yield `${first || chunk.length === 0 ? "" : ","}${chunk.join(",")}}}`;
}
