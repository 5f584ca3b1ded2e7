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

/**
 * Why a bucket cannot be read at all, by its real cause. No retry fixes these: the user must change the URL,
 * the credentials or the permissions (the CLI maps them to its usage/access exit code).
 */
export type BucketAccessKind =
  | "missing-directory"
  | "not-a-directory"
  | "permission-denied"
  | "no-credentials"
  | "invalid-credentials"
  | "no-such-bucket"
  | "access-denied";

const ACCESS_WORDS: Record<BucketAccessKind, string> = {
  "missing-directory": "the directory does not exist",
  "not-a-directory": "not a directory",
  "permission-denied": "permission denied",
  "no-credentials": "no AWS credentials found",
  "invalid-credentials": "the AWS credentials were refused",
  "no-such-bucket": "the bucket does not exist",
  "access-denied": "access denied",
};

/** The bucket's adapter could not read it, for a reason the user has to fix ({@link BucketAccessKind}). */
export class BucketAccessError extends Error {
  override readonly name = "BucketAccessError";
  constructor(
    readonly kind: BucketAccessKind,
    /** What was being read: a directory, `s3://bucket/prefix`, a key. */
    readonly target: string,
    /** The underlying code: `ENOENT`, `NoSuchBucket`, `CredentialsProviderError`, ... */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`${target}: ${ACCESS_WORDS[kind]} (${code})`, options);
  }
}

/** The {@link BucketAccessError} an error is or wraps (through `cause`), if any. */
export function bucketAccessErrorOf(error: unknown): BucketAccessError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (e instanceof BucketAccessError) return e;
  return undefined;
}

/** One line for a report or a log: the error's message, and its cause's name and message when it has one. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.name}: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
