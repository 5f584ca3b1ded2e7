/** An AWS API refused the call for its rate (ThrottlingException, RequestLimitExceeded): retry later. */
export class ThrottledError extends Error {
  override readonly name = "ThrottledError";
  readonly retryable = true;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation} was throttled; retry later`, options);
  }
}

/**
 * An AWS API failed on its side or on the way (5xx, a timeout, a reset connection) after the SDK's own retries:
 * retry later (the queue's receives bound it; then the dead-letter queue keeps the reason).
 */
export class TransientError extends Error {
  override readonly name = "TransientError";
  readonly retryable = true;
  constructor(
    operation: string,
    /** The AWS error code (`InternalError`, `ServiceUnavailable`, `ECONNRESET`, ...). */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed transiently (${code}); retry later`, options);
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

/**
 * An AWS API call failed in a way a retry will not fix (permissions, validation, a resource's limit such as
 * EC2's `TagLimitExceeded`): report and give up.
 */
export class AwsCallError extends Error {
  override readonly name = "AwsCallError";
  readonly retryable = false;
  /** The AWS error code (`TagLimitExceeded`, `UnsupportedOperation`, `AccessDeniedException`, ...). */
  readonly code: string;
  constructor(
    readonly operation: string,
    detail: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(`${operation} failed: ${detail}`, options);
    this.code = options?.code ?? (/^([A-Za-z][\w.]*)/.exec(detail)?.[1] || "Error");
  }
}

/**
 * A member account's role could not be assumed (STS AccessDenied: the role is missing, or it does not trust this
 * Lambda; or STS is off in the region): nothing can be done in that account until its StackSet instance is
 * deployed. Every instance of the account gets the `account-unreachable` outcome; other accounts go on.
 */
export class AccountUnreachableError extends Error {
  override readonly name = "AccountUnreachableError";
  /** A retry helps once the member role exists (the StackSet deploys it when the account joins a unit). */
  readonly retryable = true;
  constructor(
    /** The member account's 12-digit id. */
    readonly account: string,
    /** STS's error code (`AccessDenied`, `RegionDisabledException`, ...). */
    readonly code: string,
    options?: { cause?: unknown; roleArn?: string },
  ) {
    super(
      `account ${account} unreachable: sts:AssumeRole${options?.roleArn ? ` of ${options.roleArn}` : ""} failed with ${code}; deploy fleetwatch's member StackSet to the account (or remove it from accounts)`,
      options,
    );
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
  return (
    error instanceof ThrottledError ||
    error instanceof NotReadyError ||
    error instanceof TransientError ||
    error instanceof AccountUnreachableError
  );
}
