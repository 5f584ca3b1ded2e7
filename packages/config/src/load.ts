import type { z } from "zod";
import { ConfigError, type ConfigIssue } from "./errors.js";
import { type LocatedProblem, problemsOf } from "./issues.js";
import { mergeOverride } from "./merge.js";
import { isPlainObject } from "./object.js";
import { type AwsRegion, onboardedRegions } from "./regions.js";
import { configSchema, type ResolvedSettings, settingsSchema } from "./schema.js";
import { checkStage } from "./stage.js";
import { renderPath } from "./text.js";
import type { FleetwatchConfig } from "./types.js";

/** The settings of one stage, validated, with every default applied. */
export interface ResolvedConfig extends ResolvedSettings {
  /** The stage resolved. */
  readonly stage: string;
  /** Whether the stage is one of `productionStages`. */
  readonly isProduction: boolean;
  /** Every region fleetwatch onboards and scrapes: the home region first, then `regions`, without duplicates. */
  readonly regions: AwsRegion[];
}

/** Options of {@link resolveConfig}. */
export interface ResolveOptions {
  /**
   * The file the config came from, named in errors.
   * @default "fleetwatch.config.ts"
   */
  file?: string;
}

/** Types a config in `fleetwatch.config.ts` (the editor then flags unknown keys); returns it unchanged. */
export function defineConfig(config: FleetwatchConfig): FleetwatchConfig {
  return config;
}

/**
 * Validates a config and resolves it for `stage`: `stages[stage]` is merged over the settings (objects key by
 * key, arrays replaced whole), defaults fill every key left out, and the result is validated again.
 * @throws StageError when AWS cannot take the stage in its names, or it is a near miss of a stage the config
 *   names without being one (see {@link checkStage}).
 * @throws ConfigError listing every issue found, in the settings, in any override's keys and in every stage's
 *   merged settings (issues found only after merging are reported under `stages.<name>`).
 */
export function resolveConfig(
  config: FleetwatchConfig,
  stage: string,
  options: ResolveOptions = {},
): ResolvedConfig {
  const file = options.file ?? "fleetwatch.config.ts";
  checkStage(stage, config, file);
  const checked = configSchema.safeParse(config, { reportInput: true });
  const issues = checked.success
    ? []
    : problemsOf(checked.error, configSchema, config).map((p) => toIssue(p));
  const zodErrors: z.ZodError[] = checked.success ? [] : [checked.error];

  let settings: ResolvedSettings | undefined;
  if (checked.success) {
    const { stages: _, ...resolved } = checked.data;
    settings = resolved;
  }

  // Every stage's override is checked, not only the one resolved: a mistake in `stages.production` fails
  // `plan --stage dev` too, before it can fail a production deploy.
  const { stages, ...base } = isPlainObject(config) ? config : {};
  for (const [name, override] of Object.entries(isPlainObject(stages) ? stages : {})) {
    if (!isPlainObject(override)) continue;
    const merged = mergeOverride(base, override);
    const result = settingsSchema.safeParse(merged, { reportInput: true });
    if (name === stage) settings = result.success ? result.data : undefined;
    if (!result.success) {
      zodErrors.push(result.error);
      issues.push(...stageOnlyIssues(problemsOf(result.error, settingsSchema, merged), issues, name));
    }
  }

  if (issues.length > 0 || settings === undefined) {
    throw new ConfigError({ stage, file }, issues, { cause: zodErrors });
  }
  return {
    ...settings,
    stage,
    isProduction: settings.productionStages.includes(stage),
    regions: onboardedRegions(settings),
  };
}

/** The settings every key of which has its default, for `stage` (`"dev"` unless given). */
export function defaultConfig(stage = "dev"): ResolvedConfig {
  return resolveConfig({}, stage);
}

function toIssue(problem: LocatedProblem, prefix: readonly PropertyKey[] = []): ConfigIssue {
  const path = renderPath([...prefix, ...problem.path]);
  return { path, message: problem.message, fix: problem.fix(path) };
}

/**
 * Issues of a stage's merged settings that the base settings do not have: caused by the override, so reported
 * under `stages.<stage>`, where the user fixes them.
 */
function stageOnlyIssues(
  problems: LocatedProblem[],
  known: readonly ConfigIssue[],
  stage: string,
): ConfigIssue[] {
  const seen = new Set(known.map((issue) => `${issue.path}\n${issue.message}`));
  const added: ConfigIssue[] = [];
  for (const problem of problems) {
    const issue = toIssue(problem, ["stages", stage]);
    const keys = [`${renderPath(problem.path)}\n${problem.message}`, `${issue.path}\n${issue.message}`];
    if (keys.some((key) => seen.has(key))) continue;
    for (const key of keys) seen.add(key);
    added.push(issue);
  }
  return added;
}
