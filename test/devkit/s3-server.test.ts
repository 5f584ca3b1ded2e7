import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import { afterEach, describe, expect, it } from "vitest";

const BUCKET = "thanos";
const servers: LoopbackS3[] = [];
const clients: S3Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.stop();
});

/** A started server with `BUCKET`, and an SDK client on it as the adapters configure theirs (path style). */
async function serve(options: ConstructorParameters<typeof LoopbackS3>[0] = {}) {
  const server = new LoopbackS3(options);
  servers.push(server);
  server.createBucket(BUCKET);
  const endpoint = await server.start();
  expect(new URL(endpoint).hostname).toBe("127.0.0.1");
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 3,
  });
  clients.push(client);
  return { server, client };
}

/** The SDK's error for a command, or undefined when it succeeds. */
async function failure(promise: Promise<unknown>): Promise<S3ServiceException | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
}

const body = async (client: S3Client, key: string) =>
  (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToString();

describe("LoopbackS3 ListObjectsV2", () => {
  it("pages 1,000 keys at a time through continuation tokens the SDK's paginator follows, in key order", async () => {
    const { server, client } = await serve();
    const keys = Array.from({ length: 2_345 }, (_, i) => `01H${String(i).padStart(6, "0")}/meta.json`);
    for (const key of [...keys].reverse()) server.put(BUCKET, key, "{}");
    const pages: number[] = [];
    const listed: string[] = [];
    for await (const page of paginateListObjectsV2({ client }, { Bucket: BUCKET })) {
      pages.push(page.KeyCount ?? 0);
      listed.push(...(page.Contents ?? []).map((o) => o.Key as string));
    }
    expect(pages).toEqual([1_000, 1_000, 345]);
    expect(listed).toEqual(keys);
    expect(server.counts.list).toBe(3);
  });

  it("groups keys under a delimiter into common prefixes, counted against max-keys, across pages", async () => {
    const { server, client } = await serve();
    for (const block of ["A", "B", "C"]) {
      server.put(BUCKET, `${block}/index`, "i");
      server.put(BUCKET, `${block}/meta.json`, "{}");
    }
    server.put(BUCKET, "debug/metas/A.json", "{}");
    server.put(BUCKET, "top.json", "{}");
    const prefixes: string[] = [];
    const contents: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2(
      { client, pageSize: 2 },
      { Bucket: BUCKET, Delimiter: "/" },
    )) {
      pages++;
      expect((page.CommonPrefixes?.length ?? 0) + (page.Contents?.length ?? 0)).toBeLessThanOrEqual(2);
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix as string));
      contents.push(...(page.Contents ?? []).map((o) => o.Key as string));
    }
    expect(prefixes).toEqual(["A/", "B/", "C/", "debug/"]);
    expect(contents).toEqual(["top.json"]);
    expect(pages).toBe(3);
  });

  it("lists within a prefix from start-after, with sizes and ETags", async () => {
    const { server, client } = await serve();
    server.put(BUCKET, "A/chunks/000001", "12345");
    server.put(BUCKET, "A/index", "12");
    server.put(BUCKET, "A/meta.json", "{}");
    server.put(BUCKET, "B/index", "1");
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "A/", StartAfter: "A/chunks/000001" }),
    );
    expect(page.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ["A/index", 2],
      ["A/meta.json", 2],
    ]);
    expect(page.IsTruncated).toBe(false);
    expect(page.Contents?.[0]?.ETag).toMatch(/^".+"$/);
  });
});

describe("LoopbackS3 conditional writes", () => {
  it("refuses If-None-Match: * on an existing key with 412 PreconditionFailed and keeps the object", async () => {
    const { client } = await serve();
    const put = (text: string) =>
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "lock.json", Body: text, IfNoneMatch: "*" }));
    expect(await failure(put("first"))).toBeUndefined();
    const refused = await failure(put("second"));
    expect(refused?.name).toBe("PreconditionFailed");
    expect(refused?.$metadata.httpStatusCode).toBe(412);
    expect(await body(client, "lock.json")).toBe("first");
  });

  it("writes If-Match the current ETag and refuses a stale one (412) or a missing key (404 NoSuchKey)", async () => {
    const { client } = await serve();
    const put = (text: string, ifMatch?: string, key = "ledger.json") =>
      client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: key,
          Body: text,
          ...(ifMatch ? { IfMatch: ifMatch } : {}),
        }),
      );
    const first = await put("v1");
    const second = await put("v2", first.ETag);
    expect(second.ETag).not.toBe(first.ETag);
    const stale = await failure(put("v3", first.ETag));
    expect([stale?.name, stale?.$metadata.httpStatusCode]).toEqual(["PreconditionFailed", 412]);
    expect(await body(client, "ledger.json")).toBe("v2");
    const missing = await failure(put("v1", first.ETag, "other.json"));
    expect([missing?.name, missing?.$metadata.httpStatusCode]).toEqual(["NoSuchKey", 404]);
    // The refusals changed nothing: the current ETag still writes.
    await put("v3", second.ETag);
    expect(await body(client, "ledger.json")).toBe("v3");
  });
});

describe("LoopbackS3 errors the SDK understands", () => {
  it("answers a missing key with NoSuchKey on GET and 404 NotFound on HEAD", async () => {
    const { client } = await serve();
    const get = await failure(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "nope" })));
    expect(get).toBeInstanceOf(NoSuchKey);
    const head = await failure(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "nope" })));
    expect([head?.name, head?.$metadata.httpStatusCode]).toEqual(["NotFound", 404]);
  });

  it("answers an unknown bucket with NoSuchBucket", async () => {
    const { client } = await serve();
    const error = await failure(client.send(new ListObjectsV2Command({ Bucket: "missing" })));
    expect(error).toBeInstanceOf(NoSuchBucket);
  });

  it("deletes objects (204), after which they are gone from GET and the listing", async () => {
    const { server, client } = await serve();
    server.put(BUCKET, "A/meta.json", "{}");
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "A/meta.json" }));
    expect(await failure(body(client, "A/meta.json"))).toBeInstanceOf(NoSuchKey);
    expect((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount).toBe(0);
    expect(server.counts.delete).toBe(1);
  });

  it("throttles every n-th request with 503 SlowDown, which the SDK retries to success", async () => {
    const { server, client } = await serve({ throttleEvery: 2 });
    server.put(BUCKET, "a", "1");
    server.put(BUCKET, "b", "2");
    expect([await body(client, "a"), await body(client, "b")]).toEqual(["1", "2"]);
    expect(server.counts.throttled).toBeGreaterThan(0);
    expect(server.counts.get).toBe(2);
  });

  it("stops serving after maxRequests with 503 ServiceUnavailable, which the SDK gives up on after its retries", async () => {
    const { server, client } = await serve({ maxRequests: 1 });
    server.put(BUCKET, "a", "1");
    expect(await body(client, "a")).toBe("1");
    const error = await failure(
      client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "a" }), { requestTimeout: 5_000 }),
    );
    expect([error?.name, error?.$metadata.httpStatusCode]).toEqual(["ServiceUnavailable", 503]);
  });
});
