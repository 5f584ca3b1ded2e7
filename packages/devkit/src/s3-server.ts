import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An object the server holds. */
interface StoredObject {
  body: Buffer;
  lastModified: number;
  etag: string;
}

/** Requests served, by kind (what a bill would count). */
export interface RequestCounts {
  list: number;
  get: number;
  head: number;
  put: number;
  delete: number;
  throttled: number;
}

export interface LoopbackS3Options {
  /** Answer every n-th request with 503 SlowDown. */
  throttleEvery?: number;
  /** Stop serving after this many requests (a runaway client cannot spin forever). @default 5_000_000 */
  maxRequests?: number;
}

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A purpose-built S3 server on 127.0.0.1 for tests, the demo and the benchmark: path-style ListObjectsV2 (prefix,
 * delimiter, start-after, continuation-token, max-keys), GET/HEAD/PUT/DELETE object, conditional PUTs
 * (`If-None-Match: *`, `If-Match`), request counting and SlowDown injection. In memory, so a 300,000-object bucket is seeded in a second (s3rver manages about 450 PUTs/s and
 * mis-lists partial prefixes under a delimiter).
 */
export class LoopbackS3 {
  readonly counts: RequestCounts = { list: 0, get: 0, head: 0, put: 0, delete: 0, throttled: 0 };
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private readonly sorted = new Map<string, string[]>();
  private server: Server | undefined;
  private served = 0;
  private etagSeq = 0;

  constructor(private readonly options: LoopbackS3Options = {}) {}

  /** Starts listening on 127.0.0.1 with an ephemeral port; returns the endpoint URL. */
  async start(): Promise<string> {
    // `as never`: two copies of @types/node (ours and SST platform's) name the same request types.
    const server = createServer((req, res) => this.handle(req as never, res as never));
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    server.keepAliveTimeout = 5_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Creates an empty bucket (PUTs and seeding create buckets too). */
  createBucket(bucket: string): void {
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
  }

  /** Writes an object straight into storage (seeding; not counted). */
  put(bucket: string, key: string, body: string | Buffer, lastModified = Date.now()): void {
    let objects = this.buckets.get(bucket);
    if (!objects) {
      objects = new Map();
      this.buckets.set(bucket, objects);
    }
    if (!objects.has(key)) this.sorted.delete(bucket);
    objects.set(key, { body: Buffer.from(body), lastModified, etag: `"${(++this.etagSeq).toString(16)}"` });
  }

  delete(bucket: string, key: string): void {
    this.buckets.get(bucket)?.delete(key);
    this.sorted.delete(bucket);
  }

  keys(bucket: string): string[] {
    let keys = this.sorted.get(bucket);
    if (!keys) {
      keys = [...(this.buckets.get(bucket)?.keys() ?? [])].sort();
      this.sorted.set(bucket, keys);
    }
    return keys;
  }

  resetCounts(): void {
    Object.assign(this.counts, { list: 0, get: 0, head: 0, put: 0, delete: 0, throttled: 0 });
  }

  get totalRequests(): number {
    return this.counts.list + this.counts.get + this.counts.head + this.counts.put + this.counts.delete;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    this.served++;
    if (this.served > (this.options.maxRequests ?? 5_000_000))
      return this.error(res, 503, "ServiceUnavailable");
    const every = this.options.throttleEvery;
    if (every && this.served % every === 0) {
      this.counts.throttled++;
      req.resume();
      return this.error(res, 503, "SlowDown");
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    if (req.method === "PUT" && key) {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.counts.put++;
        const refused = this.precondition(bucket, key, req.headers);
        if (refused) return this.error(res, refused.status, refused.code);
        this.put(bucket, key, Buffer.concat(chunks));
        res.writeHead(200, { etag: this.buckets.get(bucket)?.get(key)?.etag ?? "" }).end();
      });
      return;
    }
    req.resume();
    if (!this.buckets.has(bucket)) return this.error(res, 404, "NoSuchBucket");
    if (req.method === "DELETE" && key) {
      this.counts.delete++;
      this.delete(bucket, key);
      return res.writeHead(204).end();
    }
    if (req.method === "GET" && !key) return this.list(bucket, url.searchParams, res);
    if (req.method === "HEAD" && !key) return res.writeHead(200).end();
    const object = this.buckets.get(bucket)?.get(key);
    if (req.method === "HEAD") {
      this.counts.head++;
      if (!object) return res.writeHead(404).end();
      return res.writeHead(200, this.headers(object)).end();
    }
    if (req.method === "GET") {
      this.counts.get++;
      if (!object) return this.error(res, 404, "NoSuchKey");
      return res.writeHead(200, this.headers(object)).end(object.body);
    }
    this.error(res, 405, "MethodNotAllowed");
  }

  /**
   * S3's conditional writes: `If-None-Match: *` refuses an existing key (412 PreconditionFailed); `If-Match`
   * refuses a missing key (404 NoSuchKey) or another ETag (412). Undefined when the write may go ahead.
   */
  private precondition(
    bucket: string,
    key: string,
    headers: IncomingMessage["headers"],
  ): { status: number; code: string } | undefined {
    const existing = this.buckets.get(bucket)?.get(key);
    const ifNoneMatch = headers["if-none-match"];
    const ifMatch = headers["if-match"];
    if (ifNoneMatch === "*" && existing) return { status: 412, code: "PreconditionFailed" };
    if (ifMatch !== undefined && !existing) return { status: 404, code: "NoSuchKey" };
    if (ifMatch !== undefined && ifMatch !== existing?.etag)
      return { status: 412, code: "PreconditionFailed" };
    return undefined;
  }

  private headers(object: StoredObject) {
    return {
      "content-length": String(object.body.length),
      "last-modified": new Date(object.lastModified).toUTCString(),
      etag: object.etag,
    };
  }

  private list(bucket: string, params: URLSearchParams, res: ServerResponse) {
    this.counts.list++;
    const keys = this.keys(bucket);
    const prefix = params.get("prefix") ?? "";
    const delimiter = params.get("delimiter") ?? "";
    const maxKeys = Math.min(Number(params.get("max-keys") ?? 1000) || 1000, 1000);
    const token = params.get("continuation-token");
    const after = token ? Buffer.from(token, "base64url").toString() : (params.get("start-after") ?? "");
    // The later of start-after and prefix (strings: Math.max does not apply).
    let i = lowerBound(keys, [after, prefix].sort().at(-1) as string);
    if (keys[i] === after) i++;
    const contents: string[] = [];
    const prefixes: string[] = [];
    let last = "";
    while (i < keys.length && contents.length + prefixes.length < maxKeys) {
      const key = keys[i] as string;
      if (!key.startsWith(prefix)) break;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        prefixes.push(common);
        last = `${common}\uffff`;
        i = lowerBound(keys, last);
        continue;
      }
      const o = this.buckets.get(bucket)?.get(key) as StoredObject;
      contents.push(
        `<Contents><Key>${xml(key)}</Key><LastModified>${new Date(o.lastModified).toISOString()}</LastModified><ETag>${xml(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      );
      last = key;
      i++;
    }
    const truncated = i < keys.length && (keys[i] as string).startsWith(prefix);
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${contents.length + prefixes.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`,
      delimiter ? `<Delimiter>${xml(delimiter)}</Delimiter>` : "",
      `<IsTruncated>${truncated}</IsTruncated>`,
      truncated
        ? `<NextContinuationToken>${Buffer.from(last).toString("base64url")}</NextContinuationToken>`
        : "",
      ...contents,
      ...prefixes.map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`),
      "</ListBucketResult>",
    ].join("");
    res.writeHead(200, { "content-type": "application/xml" }).end(body);
  }

  private error(res: ServerResponse, status: number, code: string) {
    res
      .writeHead(status, { "content-type": "application/xml" })
      .end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
      );
  }
}

function lowerBound(keys: readonly string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
