/** An object store call kept failing after every retry: the audit cannot see the bucket. */
export class BucketReadError extends Error {
  override readonly name = "BucketReadError";
  constructor(
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`${operation}: failed after retries`, options);
  }
}

/** A report stored by a previous run does not parse; the audit treats the run as the first one. */
export class InvalidReportError extends Error {
  override readonly name = "InvalidReportError";
  constructor(message: string, options?: ErrorOptions) {
    super(`read previous report: ${message}`, options);
  }
}
