/**
 * The config is valid but cannot be rendered into a working monitoring stack (e.g. a selector that can never
 * match). The user has to edit the config; `key` names what to change.
 */
export class UnrenderableConfigError extends Error {
  override readonly name = "UnrenderableConfigError";

  constructor(
    /** The config key at fault, as written in code: `scrapeGroups[1].selector.tags["fleetwatch:group"]`. */
    readonly key: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`render the monitoring config: ${key}: ${problem}`, options);
  }
}

/**
 * The render input stored beside a config version (`configRenderInputKey`) is missing or not what the deploy
 * writes. Nothing can be re-rendered from it until the next deploy writes it again.
 */
export class InvalidRenderInputError extends Error {
  override readonly name = "InvalidRenderInputError";

  constructor(
    /** Where the input was read: `s3://<bucket>/config/<version>/render-input.json`. */
    readonly where: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`read the render input ${where}: ${problem}; the next deploy writes it again`, options);
  }
}
