/** An AWS API refused the call for its rate (ThrottlingException, RequestLimitExceeded): retry later. */
export class ThrottledError extends Error {
  override readonly name = "ThrottledError";
  readonly retryable = true;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation} was throttled; retry later`, options);
  }
}

/**
 * SSM refused instances it does not manage right now (SendCommand's ambiguous `InvalidInstanceId`: not yet
 * registered, gone offline, or terminated since it was described): look at them again later.
 */
export class NotReadyError extends Error {
  override readonly name = "NotReadyError";
  readonly retryable = true;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation}: some instances are not ready for SSM commands; retry later`, options);
  }
}

/** An AWS API call failed in a way a retry will not fix (permissions, validation): report and give up. */
export class AwsCallError extends Error {
  override readonly name = "AwsCallError";
  readonly retryable = false;
  constructor(operation: string, detail: string, options?: { cause?: unknown }) {
    super(`${operation} failed: ${detail}`, options);
  }
}

/** A queue message that is not the event it should be: dead-lettered with this reason, never retried. */
export class MalformedEventError extends Error {
  override readonly name = "MalformedEventError";
  constructor(what: string, reason: string, options?: { cause?: unknown }) {
    super(`malformed ${what}: ${reason}`, options);
  }
}

/**
 * The settings give no node_exporter source for a region: the settings and the regions onboarded disagree (a
 * wiring mistake, not a property of an instance), so the region's pass fails and reports it.
 */
export class NoSourceError extends Error {
  override readonly name = "NoSourceError";
  readonly retryable = false;
  constructor(region: string, why: string) {
    super(`no node_exporter source for region ${region}: ${why}`);
  }
}

/** Whether an error is worth a retry later (the queue's visibility timeout does the waiting). */
export function isRetryable(error: unknown): boolean {
  return error instanceof ThrottledError || error instanceof NotReadyError;
}
