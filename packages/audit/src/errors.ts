import type { CacheState } from "./ports.js";
import type { ReadStats } from "./reader.js";

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

/** A label selector (`--selector`) that does not parse: the user fixes the argument. */
export class InvalidSelectorError extends Error {
  override readonly name = "InvalidSelectorError";
  constructor(
    readonly selector: string,
    /** What is wrong, and where: `expected a quoted value at position 4`. */
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`selector ${JSON.stringify(selector)}: ${problem}`, options);
  }
}

/**
 * The read stopped short of its deadline (`ReadOptions.deadline`): what it read is saved in the audit cache
 * and the next run continues from there. Nothing to fix unless every run stops (then raise the run's timeout).
 */
export class ReadStoppedError extends Error {
  override readonly name = "ReadStoppedError";
  constructor(
    /** The requests this run made; `getRequests` meta.json and markers were read and saved. */
    readonly stats: ReadStats,
    /** Those still to read, or undefined when the listing itself did not finish. */
    readonly left: number | undefined,
    /** The cache to save: the previous one plus what this run read. */
    readonly nextCache: CacheState,
  ) {
    super(
      left === undefined
        ? "the read stopped at the run's deadline while listing; the next run lists again"
        : `the read stopped at the run's deadline after ${stats.getRequests} of ${stats.getRequests + left} documents; the next run continues from the saved progress`,
    );
  }
}

/**
 * A deploy's new revision of some services does not run (rolled back by the circuit breaker, failed, or still
 * rolling out when the check gave up). Thrown by the post-deploy check so that `sst deploy` fails; the message
 * names each service and why its last task stopped.
 */
export class RolloutFailedError extends Error {
  override readonly name = "RolloutFailedError";
  constructor(
    /** The services that did not complete, each with its reason. */
    readonly services: { service: string; state: string; reason?: string }[],
    message: string,
  ) {
    super(`the deploy's new revision does not run in ${services.length} service(s):\n${message}`);
  }
}
