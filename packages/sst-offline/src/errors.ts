/** The app could not be evaluated under mocks (sst.config.ts threw, or a resource failed to register). */
export class AppRunError extends Error {
  override name = "AppRunError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A resource lookup in a {@link ResourceGraph} matched nothing, or more than one resource. */
export class ResourceLookupError extends Error {
  override name = "ResourceLookupError";
}
