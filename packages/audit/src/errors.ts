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

/** One line for a report or a log: the error's message, and its cause's name and message when it has one. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.name}: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
