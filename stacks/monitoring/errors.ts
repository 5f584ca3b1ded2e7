/** The rendered monitoring files lack one a service needs: the deploy stops before creating anything. */
export class MissingRenderedFileError extends Error {
  override readonly name = "MissingRenderedFileError";
  constructor(
    readonly path: string,
    readonly neededBy: string,
    options?: ErrorOptions,
  ) {
    super(`the rendered monitoring files have no ${path}, which ${neededBy} needs`, options);
  }
}

/** A rendered file's path would escape its config prefix or is not a plain relative path. */
export class InvalidRenderedPathError extends Error {
  override readonly name = "InvalidRenderedPathError";
  constructor(
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(
      `rendered file path ${JSON.stringify(path)} must be relative, without "..", "//" or a leading "/"`,
      options,
    );
  }
}

/** The renderer gave other paths once the load balancer's address was known: files were uploaded by path. */
export class RenderedPathsChangedError extends Error {
  override readonly name = "RenderedPathsChangedError";
  constructor(
    readonly paths: string[],
    options?: ErrorOptions,
  ) {
    super(
      `the rendered monitoring files must have the same paths whatever Grafana's URL; these differ: ${paths.join(", ")}`,
      options,
    );
  }
}
