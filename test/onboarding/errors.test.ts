import {
  AwsCallError,
  isRetryable,
  MalformedEventError,
  NoSourceError,
  NotReadyError,
  ThrottledError,
  TransientError,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

describe("onboarding errors", () => {
  const cause = new Error("the SDK's error");

  it.each([
    [
      new ThrottledError("ec2:CreateTags", { cause }),
      "ThrottledError",
      "ec2:CreateTags was throttled; retry later",
      true,
    ],
    [
      new TransientError("ssm:SendCommand", "InternalError", { cause }),
      "TransientError",
      "ssm:SendCommand failed transiently (InternalError); retry later",
      true,
    ],
    [
      new NotReadyError("ssm:SendCommand", { cause }),
      "NotReadyError",
      "ssm:SendCommand: some instances are not ready for SSM commands; retry later",
      true,
    ],
    [
      new AwsCallError("ec2:CreateTags", "TagLimitExceeded: too many tags", { cause }),
      "AwsCallError",
      "ec2:CreateTags failed: TagLimitExceeded: too many tags",
      false,
    ],
    [
      new MalformedEventError("SSM result", "missing commandId", { cause }),
      "MalformedEventError",
      "malformed SSM result: missing commandId",
      false,
    ],
    [
      new NoSourceError("eu-west-1", "no mirror bucket"),
      "NoSourceError",
      "no node_exporter source for region eu-west-1: no mirror bucket",
      false,
    ],
  ])("%s: name, message, retryable", (error, name, message, retryable) => {
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
    expect(isRetryable(error)).toBe(retryable);
    if ("retryable" in error) expect(error.retryable).toBe(retryable);
    if (!(error instanceof NoSourceError)) expect(error.cause).toBe(cause);
  });

  it("carries the transient error's code", () => {
    expect(new TransientError("s3:GetObject", "ECONNRESET").code).toBe("ECONNRESET");
  });

  it.each([
    ["TagLimitExceeded: too many", undefined, "TagLimitExceeded"],
    ["Client.UnauthorizedOperation: no", undefined, "Client.UnauthorizedOperation"],
    ["AB", undefined, "AB"],
    [" leading space", undefined, "Error"],
    ["9Lives: no", undefined, "Error"],
    ["", undefined, "Error"],
    ["whatever the detail", "AccessDeniedException", "AccessDeniedException"],
  ])("AwsCallError(%j, code %s) has code %s", (detail, code, expected) => {
    const error = new AwsCallError("ec2:CreateTags", detail, code ? { code } : undefined);
    expect(error.code).toBe(expected);
    expect(error.operation).toBe("ec2:CreateTags");
  });

  it("retries none of a plain Error, a string or undefined", () => {
    expect([new Error("x"), "ThrottledError", undefined].map(isRetryable)).toEqual([false, false, false]);
  });
});
