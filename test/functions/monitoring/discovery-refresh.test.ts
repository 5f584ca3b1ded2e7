import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { configRenderInputKey } from "@fleetwatch/state-layout";
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
  });
  const context = { functionName: "test", awsRequestId: "req-1", getRemainingTimeInMillis: () => 60_000 };

  it("reports a malformed render input as a finding, lists no accounts and writes nothing", async () => {
    s3.on(GetObjectCommand, { Key: "config/current" }).resolves({ Body: sdkBody(VERSION), ETag: '"e1"' });
    s3.on(GetObjectCommand, { Key: configRenderInputKey(VERSION) }).resolves({ Body: sdkBody("{") });
    const outcome = await handler({}, context);
    expect(outcome).toMatchObject({ kind: "invalid-render-input", version: VERSION });
    expect(org.calls()).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it("reports a bucket it cannot read as a finding instead of throwing", async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    expect(await handler({}, context)).toMatchObject({ kind: "store-failed" });
  });
});
