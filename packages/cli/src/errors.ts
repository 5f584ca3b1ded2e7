import { InvalidBucketUrlError, ObjstoreConfigError } from "@fleetwatch/audit-aws";

/** The command line or a file it names is wrong: the user fixes the invocation. Exit code 3. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** SST's platform (.sst/platform) is missing and could not be installed: the user installs it. Exit code 1. */
export class PlatformError extends Error {
  override readonly name = "PlatformError";
}

/** Errors of a command line the user fixes (exit code 3): usage, a bucket URL, an objstore.yml. */
export function isUsageError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof InvalidBucketUrlError ||
    error instanceof ObjstoreConfigError
  );
}
