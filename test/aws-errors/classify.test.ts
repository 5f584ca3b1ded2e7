import { EC2ServiceException } from "@aws-sdk/client-ec2";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { SSMServiceException } from "@aws-sdk/client-ssm";
import { classifyAwsError, isRetryableAwsError } from "@fleetwatch/aws-errors";
import { describe, expect, it } from "vitest";

type Options = ConstructorParameters<typeof EC2ServiceException>[0];
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const fault = (status: number): Options["$fault"] => (status >= 500 ? "server" : "client");
const ec2 = (name: string, status: number) =>
  new EC2ServiceException({ name, message: name, $fault: fault(status), ...meta(status) });
const ssm = (name: string, status: number) =>
  new SSMServiceException({ name, message: name, $fault: fault(status), ...meta(status) });
const s3 = (name: string, status: number) =>
  new S3ServiceException({ name, message: name, $fault: fault(status), ...meta(status) });
const node = (code: string) => Object.assign(new Error(`socket: ${code}`), { code });

describe("classifyAwsError", () => {
  it.each([
    ["EC2 RequestLimitExceeded", ec2("RequestLimitExceeded", 503), "throttling", "RequestLimitExceeded", 503],
    ["SSM ThrottlingException", ssm("ThrottlingException", 400), "throttling", "ThrottlingException", 400],
    ["S3 SlowDown", s3("SlowDown", 503), "throttling", "SlowDown", 503],
    ["any 429", ssm("SomethingNew", 429), "throttling", "SomethingNew", 429],
    [
      "a $retryable throttling trait",
      Object.assign(ssm("Unmodelled", 400), { $retryable: { throttling: true } }),
      "throttling",
      "Unmodelled",
      400,
    ],
    ["EC2 500 InternalError", ec2("InternalError", 500), "transient", "InternalError", 500],
    ["S3 503 ServiceUnavailable", s3("ServiceUnavailable", 503), "transient", "ServiceUnavailable", 503],
    ["SSM 500 InternalServerError", ssm("InternalServerError", 500), "transient", "InternalServerError", 500],
    [
      "a 501 (server, not transient to the SDK)",
      ec2("NotImplemented", 501),
      "transient",
      "NotImplemented",
      501,
    ],
    [
      "a $retryable trait",
      Object.assign(ssm("Unmodelled", 400), { $retryable: {} }),
      "transient",
      "Unmodelled",
      400,
    ],
    ["EC2 TagLimitExceeded", ec2("TagLimitExceeded", 400), "client", "TagLimitExceeded", 400],
    ["EC2 UnsupportedOperation", ec2("UnsupportedOperation", 400), "client", "UnsupportedOperation", 400],
    ["SSM AccessDeniedException", ssm("AccessDeniedException", 400), "client", "AccessDeniedException", 400],
    ["EC2 UnauthorizedOperation", ec2("UnauthorizedOperation", 403), "client", "UnauthorizedOperation", 403],
    ["S3 PreconditionFailed", s3("PreconditionFailed", 412), "client", "PreconditionFailed", 412],
  ])("classifies %s as the SDK does", (_, error, kind, code, status) => {
    expect(classifyAwsError(error)).toEqual({ kind, code, status });
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"])(
    "classifies a network error %s as transient, by its code",
    (code) => {
      expect(classifyAwsError(node(code))).toEqual({ kind: "transient", code });
    },
  );

  it("classifies the SDK's TimeoutError and a wrapped network error as transient", () => {
    const timeout = Object.assign(new Error("timed out"), { name: "TimeoutError" });
    expect(classifyAwsError(timeout)).toEqual({ kind: "transient", code: "TimeoutError" });
    const wrapped = new Error("request failed", { cause: node("ECONNRESET") });
    expect(classifyAwsError(wrapped).kind).toBe("transient");
  });

  it("treats an abort as final and anything that is not an error as a client error", () => {
    expect(classifyAwsError(Object.assign(new Error("aborted"), { name: "AbortError" })).kind).toBe("client");
    expect(classifyAwsError("boom")).toEqual({ kind: "client", code: "boom" });
    expect(classifyAwsError(undefined).kind).toBe("client");
  });

  it("says a throttle or a 5xx may succeed later, a client error never", () => {
    expect(isRetryableAwsError(s3("SlowDown", 503))).toBe(true);
    expect(isRetryableAwsError(ec2("InternalError", 500))).toBe(true);
    expect(isRetryableAwsError(ec2("TagLimitExceeded", 400))).toBe(false);
  });
});
