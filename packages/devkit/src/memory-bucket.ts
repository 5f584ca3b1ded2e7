import type { KeyRange, ListedObject, ListPage, ObjectLister, ObjectReader } from "@fleetwatch/audit";

/** An S3 error as the SDK throws it (name + $metadata). */
export class FakeS3Error extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(name: string, status: number) {
    super(`${name} (${status})`);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

/** The domain tests' retry predicate: the fakes' 5xx answers (SlowDown) are transient, nothing else is. */
export function isFakeTransient(error: unknown): boolean {
  return error instanceof FakeS3Error && error.$metadata.httpStatusCode >= 500;
}

/**
 * An in-memory bucket behaving like S3 for the audit's ports: lexicographic order, at most 1000 keys per page,
 * StartAfter exclusive, opaque continuation tokens, and SlowDown (503) on every `throttleEvery`-th request.
 */
export class MemoryBucket implements ObjectLister, ObjectReader {
  requests = { list: 0, get: 0, throttled: 0 };
  private readonly keys: string[];

  constructor(
    private readonly objects: Map<string, ListedObject>,
    private readonly bodies: Map<string, string>,
    private readonly options: { throttleEvery?: number; pageSize?: number } = {},
  ) {
    this.keys = [...objects.keys()].sort();
  }

  private maybeThrottle() {
    const total = this.requests.list + this.requests.get + this.requests.throttled;
    if (this.options.throttleEvery && total % this.options.throttleEvery === this.options.throttleEvery - 1) {
      this.requests.throttled++;
      throw new FakeS3Error("SlowDown", 503);
    }
  }

  async listPage(range: KeyRange, token?: string): Promise<ListPage> {
    this.maybeThrottle();
    this.requests.list++;
    const after = token ? Buffer.from(token, "base64").toString() : range.startAfter;
    const start = after === undefined ? 0 : this.keys.findIndex((k) => k > after);
    const size = this.options.pageSize ?? 1000;
    const slice = start < 0 ? [] : this.keys.slice(start, start + size);
    const objects = slice.map((k) => this.objects.get(k) as ListedObject);
    const more = start >= 0 && start + size < this.keys.length;
    const last = slice.at(-1);
    return more && last ? { objects, nextToken: Buffer.from(last).toString("base64") } : { objects };
  }

  async get(key: string): Promise<string | undefined> {
    this.maybeThrottle();
    this.requests.get++;
    return this.bodies.get(key);
  }
}
