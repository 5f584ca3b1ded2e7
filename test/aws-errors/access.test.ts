import { isAccessRefused } from "@fleetwatch/aws-errors";
import { describe, expect, it } from "vitest";

const sdkError = (name: string, status: number) =>
  Object.assign(new Error(`${name} from AWS`), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });

describe("isAccessRefused", () => {
  it.each([
    ["STS's AccessDenied (no role, or a trust policy refusing)", sdkError("AccessDenied", 403), true],
    ["IAM's NoSuchEntity", sdkError("NoSuchEntity", 404), true],
    ["STS off in the region", sdkError("RegionDisabledException", 403), true],
    ["throttling", sdkError("Throttling", 400), false],
    ["a 5xx", sdkError("InternalFailure", 500), false],
    ["a validation error", sdkError("ValidationError", 400), false],
    ["not an error", "AccessDenied", false],
  ])("says %s is %s", (_, error, refused) => {
    expect(isAccessRefused(error)).toBe(refused);
  });
});
