/** A bucket URL the audit cannot read: the user has to fix the argument. */
export class InvalidBucketUrlError extends Error {
  override readonly name = "InvalidBucketUrlError";
  constructor(readonly url: string) {
    super(`bucket ${JSON.stringify(url)}: expected s3://bucket[/prefix] or file:///path/to/dir`);
  }
}

/** An HTTP source (the compactor's /metrics, Slack) answered with an error or not at all. */
export class HttpSourceError extends Error {
  override readonly name = "HttpSourceError";
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A Thanos objstore.yml (`--objstore.config-file`) that cannot be read or used: the user fixes the file. */
export class ObjstoreConfigError extends Error {
  override readonly name = "ObjstoreConfigError";
  constructor(
    readonly file: string,
    /** What is wrong and the fix: `config.bucket is missing: set it to the bucket's name`. */
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`objstore config ${file}: ${problem}`, options);
  }
}
