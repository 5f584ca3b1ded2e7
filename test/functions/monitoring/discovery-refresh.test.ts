import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { configRenderInputKey, DISCOVERY_REFRESH_STATUS_KEY } from "@fleetwatch/state-layout";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sdkBody } from "../../support/sdk-body";

// The handler wires the domain to the adapters and reports a finding without throwing (the schedule's next run
// tries again; a throw would only make EventBridge retry the same failure).

const s3 = mockClient(S3Client);
const org = mockClient(OrganizationsClient);
const VERSION = "0123456789abcdef";
const RESOURCE = "SST_RESOURCE_MonitoringDiscoveryRefreshState";

describe("functions/monitoring/discovery-refresh", () => {
  let handler: (event: unknown, context: unknown) => Promise<{ kind: string }>;
  const region = process.env.AWS_REGION;
  beforeAll(async () => {
    process.env[RESOURCE] = JSON.stringify({ name: "state", type: "sst.sst.Linkable" });
    process.env.AWS_REGION = region ?? "us-east-1";
    ({ handler } = (await import("../../../functions/monitoring/discovery-refresh")) as never);
  });
  afterAll(() => {
    delete process.env[RESOURCE];
    if (region === undefined) delete process.env.AWS_REGION;
    s3.restore();
    org.restore();
  });
  beforeEach(() => {
    s3.reset();
    org.reset();
    s3.on(GetObjectCommand, { Key: DISCOVERY_REFRESH_STATUS_KEY }).rejects(
      new NoSuchKey({ message: "no record yet", $metadata: {} }),
    );
  });
  const context = { functionName: "test", awsRequestId: "req-1", getRemainingTimeInMillis: () => 60_000 };

  it("reports a malformed render input as a finding, lists no accounts and writes only its status record", async () => {
    s3.on(GetObjectCommand, { Key: "config/current" }).resolves({ Body: sdkBody(VERSION), ETag: '"e1"' });
    s3.on(GetObjectCommand, { Key: configRenderInputKey(VERSION) }).resolves({ Body: sdkBody("{") });
    const outcome = await handler({}, context);
    expect(outcome).toMatchObject({ kind: "invalid-render-input", version: VERSION });
    expect(org.calls()).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      DISCOVERY_REFRESH_STATUS_KEY,
    ]);
  });

  it("reports a bucket it cannot read as a finding instead of throwing", async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    expect(await handler({}, context)).toMatchObject({ kind: "store-failed" });
    // The next run, the bucket readable again, gets as far as the render input.
    s3.reset();
    s3.on(GetObjectCommand, { Key: "config/current" }).resolves({ Body: sdkBody(VERSION), ETag: '"e1"' });
    s3.on(GetObjectCommand, { Key: configRenderInputKey(VERSION) }).resolves({ Body: sdkBody("{") });
    expect(await handler({}, context)).toMatchObject({ kind: "invalid-render-input", version: VERSION });
  });

  const recorded = () =>
    s3
      .commandCalls(PutObjectCommand)
      .filter((c) => c.args[0].input.Key === DISCOVERY_REFRESH_STATUS_KEY)
      .map((c) => JSON.parse(String(c.args[0].input.Body)));

  it("records each run in the status record, keeping failingSince from the previous record", async () => {
    const since = "2026-11-29T21:10:00.000Z";
    s3.on(GetObjectCommand, { Key: "config/current" }).resolves({ Body: sdkBody(VERSION), ETag: '"e1"' });
    s3.on(GetObjectCommand, { Key: configRenderInputKey(VERSION) }).resolves({ Body: sdkBody("{") });
    s3.on(GetObjectCommand, { Key: DISCOVERY_REFRESH_STATUS_KEY }).resolves({
      Body: sdkBody(
        JSON.stringify({
          lastRunAt: since,
          outcome: "accounts-unavailable",
          level: "problem",
          lastSuccessAt: "2026-11-29T21:00:00.000Z",
          memberAccounts: 3,
          failingSince: since,
        }),
      ),
    });
    s3.on(PutObjectCommand).resolves({});
    await handler({}, context);
    const [record] = recorded();
    expect(record).toMatchObject({
      outcome: "invalid-render-input",
      level: "problem",
      problem: expect.stringContaining("render-input.json"),
      lastSuccessAt: "2026-11-29T21:00:00.000Z",
      memberAccounts: 3,
      failingSince: since,
    });
    expect(Date.parse(record.lastRunAt)).toBeGreaterThan(Date.parse(since));
  });

  it("returns the outcome when the status record cannot be written, and records it on the next run", async () => {
    s3.on(GetObjectCommand, { Key: "config/current" }).resolves({ Body: sdkBody(VERSION), ETag: '"e1"' });
    s3.on(GetObjectCommand, { Key: configRenderInputKey(VERSION) }).resolves({ Body: sdkBody("{") });
    s3.on(PutObjectCommand, { Key: DISCOVERY_REFRESH_STATUS_KEY })
      .rejectsOnce(Object.assign(new Error("denied"), { name: "AccessDenied" }))
      .resolves({});
    expect(await handler({}, context)).toMatchObject({ kind: "invalid-render-input" });
    expect(await handler({}, context)).toMatchObject({ kind: "invalid-render-input" });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
    expect(recorded().at(-1)).toMatchObject({ outcome: "invalid-render-input", level: "problem" });
  });
});
