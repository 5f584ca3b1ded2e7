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
