import { gzipSync } from "node:zlib";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import type { CacheState } from "@fleetwatch/audit";
import { S3AuditCache } from "@fleetwatch/audit-aws";
import { beforeEach, describe, expect, it } from "vitest";
import { sdkBody } from "../support/sdk-body";

const s3 = mockClient(S3Client);
const state: CacheState = { version: 1, metas: {}, markers: {}, boundaries: ["01J"] };

describe("S3AuditCache", () => {
  beforeEach(() => s3.reset());

  it("saves gzipped JSON to the state bucket", async () => {
    s3.on(PutObjectCommand).resolves({});
    await new S3AuditCache(new S3Client({ region: "us-east-1" }), "state").save(state);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: "state",
      Key: "audit/cache.json.gz",
      ContentEncoding: "gzip",
    });
  });

  it("saves what it loads back: the streamed gzip of the whole state", async () => {
    const big: CacheState = { ...state, metas: {} };
    for (let i = 0; i < 1000; i++) big.metas[`01J${i}`] = { ulid: `01J${i}` } as CacheState["metas"][string];
    let saved: Uint8Array | undefined;
    s3.on(PutObjectCommand).callsFake((input: { Body: Uint8Array }) => {
      saved = input.Body;
      return {};
    });
    const cache = new S3AuditCache(new S3Client({ region: "us-east-1" }), "state");
    await cache.save(big);
    s3.on(GetObjectCommand).resolves({ Body: sdkBody(Buffer.from(saved as Uint8Array)) });
    expect(await cache.load()).toEqual(big);
  });

  it("rejects a state that does not serialise, sending nothing, and saves the next one", async () => {
    s3.on(PutObjectCommand).resolves({});
    const cache = new S3AuditCache(new S3Client({ region: "us-east-1" }), "state");
    const bad = { ...state, metas: { "01J": { ulid: "01J", minTime: 1n } } } as unknown as CacheState;
    await expect(cache.save(bad)).rejects.toThrow(/BigInt/);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    await cache.save(state);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  });

  it("loads what it saved, and nothing on the first run", async () => {
    s3.on(GetObjectCommand)
      .resolvesOnce({ Body: sdkBody(gzipSync(JSON.stringify(state))) })
      .rejects(new NoSuchKey({ message: "none", $metadata: {} }));
    const cache = new S3AuditCache(new S3Client({ region: "us-east-1" }), "state");
    expect(await cache.load()).toEqual(state);
    expect(await cache.load()).toBeUndefined();
  });
});
