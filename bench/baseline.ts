import { mapLimit } from "@fleetwatch/audit";
import { isUlid } from "@fleetwatch/thanos";

/**
 * Thanos's block discovery (`pkg/block/fetcher.go`, `BaseFetcher.fetchMetadata` fed by a `Lister`), replayed
 * request for request against the loopback S3 server. Plain HTTP (the server checks no signatures), so the
 * baseline's client costs less CPU than the SDK the audit uses; compare request counts first.
 *
 * - `recursive` (`--block-discovery-strategy=recursive`, `RecursiveLister`): one flat iteration of the whole
 *   bucket (`objstore.WithRecursiveIter`: ListObjectsV2 without delimiter, 1,000 keys a page); every
 *   `<ULID>/meta.json` seen is handed to the fetcher's 32 workers (`FetcherConcurrency`), which GET it unless
 *   the meta is cached — in memory (`BaseFetcher.cached`) or in the local directory `<data-dir>/meta-syncer/
 *   <ULID>/meta.json`, written after every GET. A later sync of the same process (or one with the same
 *   directory) therefore GETs only new blocks' metas; a changed LastModified busts one entry. The cache
 *   survives between {@link thanosRecursive} calls given the same {@link ThanosMetaCache}, like that directory.
 *   (Thanos starts GETs while it lists; this replay GETs after listing: the same requests, a little more time.)
 * - `concurrent` (the default strategy, `ConcurrentLister`): one iteration of the top level only (ListObjectsV2
 *   with delimiter `/`: one common prefix per block), then per block an `Exists` of `<ULID>/meta.json` (a HEAD,
 *   64 at a time) to tell partial blocks, then the same loadMeta: a GET per block not cached. Measured cold only.
 */
export type ThanosMetaCache = Set<string>;

const META = "/meta.json";

/** One ListObjectsV2 page: its keys, common prefixes and the token of the next page. */
async function listPage(endpoint: string, bucket: string, delimiter: string, token: string | undefined) {
  const params = new URLSearchParams({
    "list-type": "2",
    ...(delimiter ? { delimiter } : {}),
    ...(token ? { "continuation-token": token } : {}),
  });
  const xml = await (await fetch(`${endpoint}/${bucket}?${params}`)).text();
  const keys = [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1] as string);
  const prefixes = [...xml.matchAll(/<CommonPrefixes><Prefix>([^<]*)\/<\/Prefix>/g)].map(
    (m) => m[1] as string,
  );
  const next = /<IsTruncated>true<\/IsTruncated>/.test(xml)
    ? /<NextContinuationToken>([^<]*)</.exec(xml)?.[1]
    : undefined;
  return { keys, prefixes, next };
}

async function getMeta(endpoint: string, bucket: string, ulid: string): Promise<boolean> {
  const res = await fetch(`${endpoint}/${bucket}/${ulid}${META}`);
  const text = await res.text();
  return res.ok && text.length > 0;
}

/** `RecursiveLister` + loadMeta with a meta cache kept in `cache`; returns the blocks loaded. */
export async function thanosRecursive(
  endpoint: string,
  bucket: string,
  cache: ThanosMetaCache,
  concurrency = 32,
): Promise<number> {
  const active: string[] = [];
  let token: string | undefined;
  do {
    const page = await listPage(endpoint, bucket, "", token);
    for (const key of page.keys) {
      const ulid = key.slice(0, key.indexOf("/"));
      if (key === `${ulid}${META}` && isUlid(ulid)) active.push(ulid);
    }
    token = page.next;
  } while (token);
  const loaded = await mapLimit(active, concurrency, async (ulid) => {
    if (cache.has(ulid)) return true;
    const ok = await getMeta(endpoint, bucket, ulid);
    if (ok) cache.add(ulid);
    return ok;
  });
  return loaded.filter(Boolean).length;
}

/** `ConcurrentLister` + loadMeta with an empty cache: delimiter listing, HEAD and GET per block. */
export async function thanosConcurrent(endpoint: string, bucket: string, concurrency = 64): Promise<number> {
  const ulids: string[] = [];
  let token: string | undefined;
  do {
    const page = await listPage(endpoint, bucket, "/", token);
    ulids.push(...page.prefixes.filter(isUlid));
    token = page.next;
  } while (token);
  const loaded = await mapLimit(ulids, concurrency, async (ulid) => {
    const head = await fetch(`${endpoint}/${bucket}/${ulid}${META}`, { method: "HEAD" });
    return head.ok && (await getMeta(endpoint, bucket, ulid));
  });
  return loaded.filter(Boolean).length;
}
