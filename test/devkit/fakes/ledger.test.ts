import { FakeLedgerStore, type FakeObjects } from "@fleetwatch/devkit/fakes/ledger";
import { describe, expect, it } from "vitest";

const EMPTY = { reservations: {} };

describe("FakeLedgerStore", () => {
  it("creates only where nothing exists, then writes only over the ETag it read (S3's 412 otherwise)", async () => {
    const objects: FakeObjects = new Map();
    const calls: string[] = [];
    const store = new FakeLedgerStore(objects, "us-east-1", (op) => calls.push(op));
    const created = await store.write(EMPTY, undefined);
    expect(created.written).toBe(true);
    expect(await store.write(EMPTY, undefined)).toEqual({ written: false });
    const read = await store.read();
    expect(read?.etag).toBe(created.written ? created.etag : undefined);
    const updated = await store.write(EMPTY, read?.etag);
    expect(updated.written).toBe(true);
    // The first ETag is stale now: a pass that read before the update loses the race.
    expect(await store.write(EMPTY, read?.etag)).toEqual({ written: false });
    expect(calls).toEqual(["s3:PutObject", "s3:PutObject", "s3:GetObject", "s3:PutObject", "s3:PutObject"]);
  });

  it("reads nothing from an empty bucket", async () => {
    const store = new FakeLedgerStore(new Map(), "eu-west-1", () => {});
    expect(await store.read()).toBeUndefined();
  });
});
