import { EC2ServiceException } from "@aws-sdk/client-ec2";
import { SSMServiceException } from "@aws-sdk/client-ssm";
import {
  AwsCallError,
  isRetryable,
  NotReadyError,
  ThrottledError,
  TransientError,
} from "@fleetwatch/onboarding";
import { domainError } from "@fleetwatch/onboarding-aws";
import { describe, expect, it } from "vitest";

const ec2 = (name: string, httpStatusCode: number) =>
  new EC2ServiceException({
    name,
    message: `${name} happened`,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode },
  });
const ssm = (name: string, httpStatusCode: number) =>
  new SSMServiceException({
    name,
    message: `${name} happened`,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode },
  });

describe("domainError", () => {
  it.each([
    ["ec2:CreateTags", ec2("RequestLimitExceeded", 503), ThrottledError],
    ["ssm:SendCommand", ssm("ThrottlingException", 400), ThrottledError],
    ["ssm:ListCommands", ssm("TooManyUpdates", 429), ThrottledError],
    ["ec2:CreateTags", ec2("InternalError", 500), TransientError],
    ["ssm:SendCommand", ssm("InternalServerError", 500), TransientError],
    ["ec2:DescribeInstances", ec2("Unavailable", 503), TransientError],
    ["ec2:CreateTags", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), TransientError],
    ["ssm:SendCommand", ssm("InvalidInstanceId", 400), NotReadyError],
    ["ec2:CreateTags", ec2("TagLimitExceeded", 400), AwsCallError],
    ["ssm:SendCommand", ssm("UnsupportedPlatformType", 400), AwsCallError],
    ["ssm:DescribeInstanceInformation", ssm("AccessDeniedException", 400), AwsCallError],
  ])("maps %s failing with %s to %o", (operation, error, type) => {
    const mapped = domainError(operation, error);
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.cause).toBe(error);
    expect(isRetryable(mapped)).toBe(type !== AwsCallError);
  });

  it("keeps the AWS error code on a non-retryable error, and on a transient one", () => {
    const refused = domainError("ec2:CreateTags", ec2("TagLimitExceeded", 400));
    expect(refused).toMatchObject({ code: "TagLimitExceeded", operation: "ec2:CreateTags" });
    expect(refused.message).toBe("ec2:CreateTags failed: TagLimitExceeded: TagLimitExceeded happened");
    expect(domainError("ec2:CreateTags", ec2("InternalError", 500))).toMatchObject({ code: "InternalError" });
  });
});
