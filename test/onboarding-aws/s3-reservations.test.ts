import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { ConditionalLedger, type LedgerDocument, TransientError } from "@fleetwatch/onboarding";
import { S3LedgerStore } from "@fleetwatch/onboarding-aws";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";
import { sdkBody } from "../support/sdk-body";

const s3 = mockClient(S3Client);
const client = new S3Client({ region: "us-east-1" });
const KEY = "onboarding/reservations/eu-west-1.json";
const NOW = new Date("2026-11-21T09:00:00Z");
const LATER = new Date("2026-11-21T09:30:00Z");
const noWait = { attempts: 3, baseMs: 1, maxMs: 1, sleep: async () => {}, random: () => 0 };

const body = (document: LedgerDocument) => sdkBody(JSON.stringify(document));
const s3Error = (name: string, httpStatusCode: number) =>
  new S3ServiceException({ name, message: name, $fault: "client", $metadata: { httpStatusCode } });
const held = (holder: string, until = LATER, at = NOW) => ({
  holder,
  at: at.toISOString(),
  until: until.toISOString(),
});
const written = (n: number) =>
  JSON.parse(String(s3.commandCalls(PutObjectCommand)[n]?.args[0].input.Body)) as LedgerDocument;

beforeEach(() => s3.reset());

describe("S3LedgerStore", () => {
  it("reads the region's ledger with its ETag; a missing one is undefined", async () => {
    const store = new S3LedgerStore(client, "state", "eu-west-1");
    s3.on(GetObjectCommand).rejectsOnce(s3Error("NoSuchKey", 404));
    expect(await store.read()).toBeUndefined();
    s3.on(GetObjectCommand).resolves({ Body: body({ reservations: { "i-1": held("a") } }), ETag: '"e1"' });
    expect(await store.read()).toEqual({ document: { reservations: { "i-1": held("a") } }, etag: '"e1"' });
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: "state", Key: KEY });
  });

  it("writes with If-None-Match when absent and If-Match its ETag after, saying the new ETag; a lost race is not written", async () => {
    const store = new S3LedgerStore(client, "state", "eu-west-1");
    s3.on(PutObjectCommand).resolvesOnce({ ETag: '"e1"' }).rejectsOnce(s3Error("PreconditionFailed", 412));
    expect(await store.write({ reservations: {} }, undefined)).toEqual({ written: true, etag: '"e1"' });
    expect(await store.write({ reservations: {} }, '"e1"')).toEqual({ written: false });
    expect(s3).toHaveReceivedNthCommandWith(PutObjectCommand, 1, { Key: KEY, IfNoneMatch: "*" });
    expect(s3).toHaveReceivedNthCommandWith(PutObjectCommand, 2, { Key: KEY, IfMatch: '"e1"' });
    s3.on(PutObjectCommand).rejects(s3Error("ConditionalRequestConflict", 409));
    expect(await store.write({ reservations: {} }, '"e2"')).toEqual({ written: false });
  });

  it("maps other S3 failures to the domain's errors", async () => {
    const store = new S3LedgerStore(client, "state", "eu-west-1");
    s3.on(PutObjectCommand).rejects(s3Error("AccessDenied", 403));
    await expect(store.write({ reservations: {} }, undefined)).rejects.toMatchObject({
      name: "AwsCallError",
      code: "AccessDenied",
    });
    s3.on(GetObjectCommand).rejects(Object.assign(s3Error("InternalError", 500), { $fault: "server" }));
    await expect(store.read()).rejects.toBeInstanceOf(TransientError);
  });
});

describe("ConditionalLedger over S3", () => {
  it("loses a race with 412, reads again and leaves out what the winner reserved", async () => {
    const ledger = new ConditionalLedger(new S3LedgerStore(client, "state", "eu-west-1"), noWait);
    s3.on(GetObjectCommand)
      .resolvesOnce({ Body: body({ reservations: {} }), ETag: '"e1"' })
      .resolvesOnce({ Body: body({ reservations: { "i-2": held("other") } }), ETag: '"e2"' });
    s3.on(PutObjectCommand).rejectsOnce(s3Error("PreconditionFailed", 412)).resolvesOnce({});
    const mine = await ledger.reserve([{ id: "i-1" }, { id: "i-2" }], "me", NOW, LATER);
    expect([...mine]).toEqual(["i-1"]);
    expect(s3).toHaveReceivedNthCommandWith(PutObjectCommand, 2, { IfMatch: '"e2"' });
    expect(written(1).reservations).toEqual({ "i-1": held("me"), "i-2": held("other") });
  });

  it("takes over expired reservations and prunes them; releases only its own", async () => {
    const ledger = new ConditionalLedger(new S3LedgerStore(client, "state", "eu-west-1"), noWait);
    const stale = held("old", new Date(NOW.getTime() - 1), new Date(NOW.getTime() - 60_000));
    s3.on(GetObjectCommand).resolves({
      Body: body({ reservations: { "i-1": stale, "i-9": stale, "i-3": held("other") } }),
      ETag: '"e1"',
    });
    s3.on(PutObjectCommand).resolves({});
    expect([...(await ledger.reserve([{ id: "i-1" }], "me", NOW, LATER))]).toEqual(["i-1"]);
    expect(written(0).reservations).toEqual({ "i-1": held("me"), "i-3": held("other") });
    s3.on(GetObjectCommand).resolves({ Body: body(written(0)), ETag: '"e2"' });
    await ledger.release(["i-1", "i-3"], "me", NOW);
    expect(written(1).reservations).toEqual({ "i-3": held("other") });
  });

  it("gives way when the instance's tags say the reserved command settled after the reservation", async () => {
    const ledger = new ConditionalLedger(new S3LedgerStore(client, "state", "eu-west-1"), noWait);
    const earlier = new Date(NOW.getTime() - 60_000);
    s3.on(GetObjectCommand).resolves({
      Body: body({
        reservations: { "i-1": held("other", LATER, earlier), "i-2": held("other", LATER, earlier) },
      }),
      ETag: '"e1"',
    });
    s3.on(PutObjectCommand).resolves({});
    const claims = [
      { id: "i-1", settledAt: new Date(NOW.getTime() - 1000) },
      { id: "i-2", settledAt: new Date(earlier.getTime() - 1000) },
    ];
    expect([...(await ledger.reserve(claims, "me", NOW, LATER))]).toEqual(["i-1"]);
  });

  it("gives up after its bounded tries with a retryable error, reserving nothing", async () => {
    const ledger = new ConditionalLedger(new S3LedgerStore(client, "state", "eu-west-1"), noWait);
    s3.on(GetObjectCommand).rejects(s3Error("NoSuchKey", 404));
    s3.on(PutObjectCommand).rejects(s3Error("PreconditionFailed", 412));
    await expect(ledger.reserve([{ id: "i-1" }], "me", NOW, LATER)).rejects.toBeInstanceOf(TransientError);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 3);
  });
});
