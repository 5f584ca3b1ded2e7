import { mapLimit } from "@fleetwatch/audit";
import { isUlid } from "@fleetwatch/thanos";

/**
 * Thanos's default block discovery (`--block-discovery-strategy=concurrent`, empty local meta cache): list the
 * top-level prefixes with a delimiter, then per block one existence check (HEAD) of meta.json and one GET of
 * it. Plain HTTP against the loopback server (it checks no signatures), so the baseline's client costs less CPU
 * than the SDK the audit uses; only its request count is compared.
 */
export async function thanosDiscovery(endpoint: string, bucket: string, concurrency = 32): Promise<number> {
  const ulids: string[] = [];
  let token: string | undefined;
  do {
    const params = new URLSearchParams({
      "list-type": "2",
      delimiter: "/",
      ...(token ? { "continuation-token": token } : {}),
    });
    const xml = await (await fetch(`${endpoint}/${bucket}?${params}`)).text();
    for (const [, prefix] of xml.matchAll(/<Prefix>([^<]*)\/<\/Prefix>/g))
      if (isUlid(prefix as string)) ulids.push(prefix as string);
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
      ? /<NextContinuationToken>([^<]*)</.exec(xml)?.[1]
      : undefined;
  } while (token);
  const read = await mapLimit(ulids, concurrency, async (ulid) => {
    const url = `${endpoint}/${bucket}/${ulid}/meta.json`;
    const head = await fetch(url, { method: "HEAD" });
    if (!head.ok) return 0;
    return (await (await fetch(url)).text()).length;
  });
  return read.filter((n) => n > 0).length;
}
