// @ts-nocheck
import { FakeLedgerStore, type FakeObjects } from "@fleetwatch/devkit/fakes/ledger";
import { ConditionalLedger, type LedgerRetry } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const noWait: LedgerRetry = { attempts: 3, baseMs: 0, maxMs: 0, sleep: async () => {}, random: () => 0 };
const NOW = new Date("2026-11-29T10:00:00Z");
const UNTIL = new Date("2026-11-29T10:30:00Z");

function setup() {
  const objects: FakeObjects = new Map();
  const calls: string[] = [];
  const store = () => new FakeLedgerStore(objects, "us-east-1", (op) => calls.push(op));
  return { objects, calls, store };
}

describe("ConditionalLedger", () => {
  it("writes against the version it last wrote without reading it again", async () => {
    const { calls, store } = setup();
    const ledger = new ConditionalLedger(store(), noWait);
    expect(await ledger.reserve([{ id: "i-1" }], "a", NOW, UNTIL)).toEqual(new Set(["i-1"]));
    expect(await ledger.reserve([{ id: "i-2" }], "a", NOW, UNTIL)).toEqual(new Set(["i-2"]));
    expect(calls).toEqual(["s3:GetObject", "s3:PutObject", "s3:PutObject"]);
  });

  it("never trusts its copy: when another writer came between, the write fails, and it reads and redoes", async () => {
    const { calls, store } = setup();
    const launch = new ConditionalLedger(store(), noWait);
    const reconcile = new ConditionalLedger(store(), noWait);
    await launch.reserve([{ id: "i-1" }], "launch", NOW, UNTIL);
    expect(await reconcile.reserve([{ id: "i-2" }], "reconcile", NOW, UNTIL)).toEqual(new Set(["i-2"]));
    calls.length = 0;
    // The launch ledger's copy predates the reconcile's write: i-2 must still be seen as held.
    expect(await launch.reserve([{ id: "i-2" }, { id: "i-3" }], "launch", NOW, UNTIL)).toEqual(
      new Set(["i-3"]),
    );
    expect(calls).toEqual(["s3:PutObject", "s3:GetObject", "s3:PutObject"]);
    // A stale copy costs no try: three more races within the retry bound still succeed.
    expect(await reconcile.reserve([{ id: "i-4" }], "reconcile", NOW, UNTIL)).toEqual(new Set(["i-4"]));
  });
});

/** A store that keeps one ledger in memory, loses the next `losses` writes, and records every call. */
function scripted(losses = 0, returnEtag = true) {
  let stored: { document: unknown; etag: string } | undefined;
  let version = 0;
  const calls: string[] = [];
  const store = {
    lose: losses,
    read: async () => {
      calls.push("read");
      return stored && structuredClone(stored);
    },
    write: async (document, etag) => {
      calls.push(`write ${etag ?? "-"}`);
      if (store.lose > 0 || etag !== stored?.etag) {
        store.lose = Math.max(0, store.lose - 1);
        return { written: false };
      }
      version += 1;
      stored = { document: structuredClone(document), etag: `v${version}` };
      return returnEtag ? { written: true, etag: stored.etag } : { written: true };
    },
    get document() {
      return stored?.document;
    },
  };
  return { store, calls };
}

describe("ConditionalLedger, exact retries and reservations", () => {
  const retry = (sleeps: number[], random = () => 0.5, attempts = 4): LedgerRetry => ({
    attempts,
    baseMs: 100,
    maxMs: 300,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random,
  });

  it("backs off 50, 100, 150 ms (jitter of a doubling cap of 300), then gives up after its 4 tries", async () => {
    const sleeps: number[] = [];
    const { store, calls } = scripted(10);
    const ledger = new ConditionalLedger(store, retry(sleeps));
    await expect(ledger.reserve([{ id: "i-1" }], "a", NOW, UNTIL)).rejects.toThrow(
      "reservation ledger write failed transiently (PreconditionFailed); retry later",
    );
    expect(sleeps).toEqual([50, 100, 150]);
    expect(calls).toEqual(["read", "write -", "read", "write -", "read", "write -", "read", "write -"]);
  });

  it("succeeds on its last try", async () => {
    const sleeps: number[] = [];
    const { store } = scripted(3);
    const ledger = new ConditionalLedger(
      store,
      retry(sleeps, () => 0.999),
    );
    expect(await ledger.reserve([{ id: "i-1" }], "a", NOW, UNTIL)).toEqual(new Set(["i-1"]));
    expect(sleeps).toEqual([99, 199, 299]);
    expect(store.document).toEqual({
      reservations: { "i-1": { holder: "a", at: NOW.toISOString(), until: UNTIL.toISOString() } },
    });
  });

  it("reads before every write when the store names no version", async () => {
    const { store, calls } = scripted(0, false);
    const ledger = new ConditionalLedger(store, noWait);
    await ledger.reserve([{ id: "i-1" }], "a", NOW, UNTIL);
    await ledger.release(["i-1"], "a", NOW);
    expect(calls).toEqual(["read", "write -", "read", "write v1"]);
  });

  it("a stale copy costs no try: with two tries, a lost write against the copy and one lost fresh try still succeed", async () => {
    const { store, calls } = scripted();
    const ledger = new ConditionalLedger(store, { ...noWait, attempts: 2 });
    await ledger.reserve([{ id: "i-1" }], "a", NOW, UNTIL);
    store.lose = 2;
    expect(await ledger.reserve([{ id: "i-2" }], "a", NOW, UNTIL)).toEqual(new Set(["i-2"]));
    expect(calls).toEqual(["read", "write -", "write v1", "read", "write v1", "read", "write v1"]);
  });

  it("takes over another holder's reservation made at or before the claim settled, not after", async () => {
    const { store } = scripted();
    const ledger = new ConditionalLedger(store, noWait);
    const earlier = new Date(NOW.getTime() - 60_000);
    await ledger.reserve([{ id: "i-1" }, { id: "i-2" }, { id: "i-3" }], "old", earlier, UNTIL);
    const held = await ledger.reserve(
      [
        { id: "i-1", settledAt: earlier },
        { id: "i-2", settledAt: new Date(earlier.getTime() - 1) },
        { id: "i-3" },
        { id: "i-4" },
      ],
      "new",
      NOW,
      UNTIL,
    );
    expect(held).toEqual(new Set(["i-1", "i-4"]));
    expect(store.document.reservations).toEqual({
      "i-1": { holder: "new", at: NOW.toISOString(), until: UNTIL.toISOString() },
      "i-2": { holder: "old", at: earlier.toISOString(), until: UNTIL.toISOString() },
      "i-3": { holder: "old", at: earlier.toISOString(), until: UNTIL.toISOString() },
      "i-4": { holder: "new", at: NOW.toISOString(), until: UNTIL.toISOString() },
    });
  });

  it("renews its own reservation, and prunes those expired at or before now", async () => {
    const { store } = scripted();
    const ledger = new ConditionalLedger(store, noWait);
    await ledger.reserve([{ id: "i-1" }], "a", new Date(NOW.getTime() - 1000), NOW);
    await ledger.reserve([{ id: "i-2" }], "b", NOW, UNTIL);
    expect(Object.keys(store.document.reservations)).toEqual(["i-2"]);
    expect(await ledger.reserve([{ id: "i-1" }, { id: "i-2" }], "b", NOW, UNTIL)).toEqual(
      new Set(["i-1", "i-2"]),
    );
  });

  it("releases only its own reservations, and makes no call for none", async () => {
    const { store, calls } = scripted();
    const ledger = new ConditionalLedger(store, noWait);
    await ledger.reserve([{ id: "i-1" }], "a", NOW, UNTIL);
    await ledger.reserve([{ id: "i-2" }], "b", NOW, UNTIL);
    await ledger.release(["i-1", "i-2", "i-3"], "a", NOW);
    expect(Object.keys(store.document.reservations)).toEqual(["i-2"]);
    calls.length = 0;
    await ledger.release([], "a", NOW);
    expect(await ledger.reserve([], "a", NOW, UNTIL)).toEqual(new Set());
    expect(calls).toEqual([]);
  });
});
