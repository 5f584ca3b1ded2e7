/** One thing wrong in a config: where, what, and how to fix it. */
export interface ConfigIssue {
  /** The key path as written in code, e.g. `scrapeGroups[0].replicas` or `stages.production.thanos.retention.raw`. */
  readonly path: string;
  /** What is wrong, ending with the value found: `must be an integer from 1 to 4, got 0`. */
  readonly message: string;
  /** What to do about it: `set scrapeGroups[0].replicas to 2 for an HA pair, or 1`. */
  readonly fix: string;
}

/** Where a config came from, for the first line of a {@link ConfigError}. */
export interface ConfigOrigin {
  /** The stage being resolved. */
  readonly stage: string;
  /** The file the config was read from. */
  readonly file: string;
}

/**
 * The config is invalid: the user has to edit it. The message lists every issue found, one per line:
 * `<path>: <what is wrong>, got <value>. Fix: <what to do>.`
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly issues: readonly ConfigIssue[];
  readonly stage: string;

  constructor(origin: ConfigOrigin, issues: readonly ConfigIssue[], options?: ErrorOptions) {
    super(formatConfigError(origin, issues), options);
    this.issues = issues;
    this.stage = origin.stage;
  }
}

/**
 * The stage cannot be deployed under that name: AWS cannot take it in its names, or it is a near miss of a stage
 * the config names. The message is one line: `stage "<stage>": <what is wrong>: <fix>`.
 */
export class StageError extends Error {
  override readonly name = "StageError";

  constructor(
    readonly stage: string,
    readonly problem: string,
  ) {
    super(`stage ${JSON.stringify(stage)}: ${problem}`);
  }
}

/** The message of a {@link ConfigError}. */
export function formatConfigError(origin: ConfigOrigin, issues: readonly ConfigIssue[]): string {
  const header = `Invalid fleetwatch config for stage ${JSON.stringify(origin.stage)} (${origin.file}):`;
  return [header, ...issues.map((issue) => `  - ${formatIssue(issue)}`)].join("\n");
}

/** `<path>: <message>. Fix: <fix>.`, without doubling a closing `?` or `.`. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${sentence(issue.message)} Fix: ${sentence(issue.fix)}`;
}

function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** A string used as a `Duration` is not one: a programming error, since configs are validated first. */
export class InvalidDurationError extends Error {
  override readonly name = "InvalidDurationError";

  constructor(readonly duration: string) {
    super(`read duration ${JSON.stringify(duration)}: expected a whole number and one of s, m, h, d, w, y`);
  }
}
