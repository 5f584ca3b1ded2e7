import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { S3RefreshStatusStore } from "@fleetwatch/audit-aws";
import { DISCOVERY_REFRESH_STATUS_KEY, type DiscoveryRefreshStatus } from "@fleetwatch/state-layout";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { sdkBody } from "../support/sdk-body";

const s3 = mockClient(S3Client);
const store = () => new S3RefreshStatusStore(new S3Client({ region: "us-east-1" }), "state");
const RECORD: DiscoveryRefreshStatus = {
  lastRunAt: "2026-11-29T21:10:00.000Z",
  outcome: "accounts-unavailable",
  level: "problem",
  problem: "AccessDeniedException",
  failingSince: "2026-11-29T21:10:00.000Z",
};

describe("S3RefreshStatusStore", () => {
  beforeEach(() => s3.reset());
  afterAll(() => s3.restore());

  it("writes the record as JSON to its key, and reads it back", async () => {
    s3.on(PutObjectCommand).resolves({});
    await store().write(RECORD);
    const [put] = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(put).toMatchObject({
      Bucket: "state",
      Key: DISCOVERY_REFRESH_STATUS_KEY,
      ContentType: "application/json",
    });
    s3.on(GetObjectCommand, { Key: DISCOVERY_REFRESH_STATUS_KEY }).resolves({
      Body: sdkBody(String(put?.Body)),
    });
    expect(await store().read()).toEqual({ ok: true, value: RECORD });
  });

  it("reads a missing record as undefined, a malformed one as an error naming the key, and throws SlowDown", async () => {
    s3.on(GetObjectCommand)
      .rejectsOnce(new NoSuchKey({ message: "x", $metadata: {} }))
      .resolvesOnce({ Body: sdkBody('{"lastRunAt":"yesterday"}') })
      .rejects(Object.assign(new Error("SlowDown"), { name: "SlowDown" }));
    expect(await store().read()).toBeUndefined();
    const malformed = await store().read();
    expect(malformed).toMatchObject({ ok: false });
    expect(malformed?.ok === false && malformed.error).toMatch(
      /^monitoring\/discovery-refresh\/status\.json is not a valid status \(lastRunAt: .*; the next refresh run rewrites it$/,
    );
    await expect(store().read()).rejects.toMatchObject({ name: "SlowDown" });
  });
});
