import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";

/**
 * What the caller of an AWS call that failed should do, by the SDK's own rules (the ones its retry strategy
 * applies):
 * - `throttling`: AWS asked to slow down (429, `ThrottlingException`, `RequestLimitExceeded`, `SlowDown`, ...):
 *   retry later, without extra calls now;
 * - `transient`: the service or the network failed (500/502/503/504 and other 5xx, `TimeoutError`,
 *   `ECONNRESET`, a `$retryable` trait, a corrected clock skew): retry later;
 * - `client`: anything else (validation, permissions, a resource limit): a retry will not fix it.
 */
export type AwsErrorKind = "throttling" | "transient" | "client";

/** An AWS error, classified: its kind, its code (the SDK error's name, or Node's `code`) and its HTTP status. */
export interface AwsErrorClass {
  kind: AwsErrorKind;
  /** `RequestLimitExceeded`, `TagLimitExceeded`, `ECONNRESET`, ...; `Error` when the error names nothing. */
  code: string;
  /** `$metadata.httpStatusCode`, when the service answered. */
  status?: number;
}

interface SdkShaped {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** The error's AWS code: the SDK names service errors by their code; Node's network errors carry `code`. */
function codeOf(error: SdkShaped): string {
  const name = typeof error.name === "string" ? error.name : "";
  if (name && name !== "Error") return name;
  return typeof error.code === "string" && error.code ? error.code : name || "Error";
}

/**
 * Classifies an error thrown by an AWS SDK v3 call (or by its HTTP handler) with the SDK's classification
 * (`@smithy/core/retry`): throttling first, then transient (which follows `cause` chains), then any other 5xx.
 * The deprecated `isClockSkewError` is left out on purpose: it names `AccessDeniedException` and `AuthFailure`,
 * which are client errors unless the SDK corrected a clock skew (then `isTransientError` says so).
 */
export function classifyAwsError(error: unknown): AwsErrorClass {
  if (typeof error !== "object" || error === null) return { kind: "client", code: String(error) };
  const e = error as SdkShaped;
  const status = e.$metadata?.httpStatusCode;
  const base = { code: codeOf(e), ...(status === undefined ? {} : { status }) };
  // The classifiers read `name`, `code`, `message`, `$metadata`, `$retryable` and `cause` only.
  const sdk = error as Parameters<typeof isThrottlingError>[0];
  if (isThrottlingError(sdk)) return { kind: "throttling", ...base };
  if (isTransientError(sdk) || isServerError(sdk)) return { kind: "transient", ...base };
  return { kind: "client", ...base };
}

/** Whether a retry later may succeed (throttling or transient). */
export const isRetryableAwsError = (error: unknown): boolean => classifyAwsError(error).kind !== "client";
