import { S3ServiceException } from "@aws-sdk/client-s3";
import { withRetry } from "@fleetwatch/audit";
import { AWS_RETRY } from "@fleetwatch/audit-aws";
import { describe, expect, it } from "vitest";

const noSleep = { ...AWS_RETRY, attempts: 3, sleep: async () => {} };
const s3 = (name: string, httpStatusCode: number) =>
  new S3ServiceException({
    name,
    message: name,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode },
  });

/** A call failing with `error` once, then answering "ok"; counts its calls. */
function failingOnce(error: unknown) {
  let calls = 0;
  return {
    fn: async () => {
      calls++;
      if (calls === 1) throw error;
      return "ok";
    },
    calls: () => calls,
  };
}

describe("AWS_RETRY", () => {
  it.each([
    ["SlowDown 503", s3("SlowDown", 503)],
    ["BadGateway 502", s3("BadGateway", 502)],
    ["GatewayTimeout 504", s3("GatewayTimeout", 504)],
    ["BandwidthLimitExceeded", s3("BandwidthLimitExceeded", 400)],
    ["ETIMEDOUT", Object.assign(new Error("socket"), { code: "ETIMEDOUT" })],
  ])("retries what the SDK classifies as throttling or transient: %s", async (_, error) => {
    const call = failingOnce(error);
    await expect(withRetry("get x", call.fn, noSleep)).resolves.toBe("ok");
    expect(call.calls()).toBe(2);
  });

  it("gives up at once on a client error, keeping it as the cause", async () => {
    const denied = s3("AccessDenied", 403);
    const call = failingOnce(denied);
    await expect(withRetry("get x", call.fn, noSleep)).rejects.toMatchObject({
      name: "BucketReadError",
      cause: denied,
    });
    expect(call.calls()).toBe(1);
  });
});
