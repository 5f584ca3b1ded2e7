/** The command line or a file it names is wrong: the user fixes the invocation. Exit code 3. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
