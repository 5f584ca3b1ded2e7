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
