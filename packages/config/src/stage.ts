import { isNearMiss } from "./did-you-mean.js";
import { StageError } from "./errors.js";
import { toLiteral } from "./literal.js";
import { isPlainObject } from "./object.js";

// A stage ends up in the names of AWS resources: SST names most of them `<app>-<stage>-<LogicalName>-<8 random>`
// (.sst/platform/src/components/naming.ts, physicalName) and cuts a name that would pass AWS's limit by dropping
// letters of the app name first, then of the stage. S3 buckets take it lower-cased and Cloud Map DNS names
// (`<Service>.<stage>.fleetwatch`) take it as a DNS label.

/** The SST app name, `$app.name` (sst.config.ts). */
export const APP_NAME = "fleetwatch";

/** AWS's limit on an IAM role name. */
const IAM_ROLE_NAME_LIMIT = 64;
/** SST's `-<8 random>` suffix of a physical name. */
const RANDOM_SUFFIX_LENGTH = 9;
/**
 * The longest logical name of an IAM role the app creates with the default config (test/infra/stage-names.test.ts
 * checks it against the plan).
 */
export const LONGEST_ROLE_NAME = "ThanosQueryFrontendExecutionRole";

/**
 * The longest stage for which every IAM role keeps its whole `fleetwatch-<stage>-<LogicalName>-<8 random>` name:
 * 64 - 9 - 32 - 2 - 10 = 11.
 */
export const MAX_STAGE_LENGTH =
  IAM_ROLE_NAME_LIMIT - RANDOM_SUFFIX_LENGTH - LONGEST_ROLE_NAME.length - 2 - APP_NAME.length;

const STAGE_NAME = /^[a-z][a-z0-9-]*$/;
const WHERE = "S3 bucket names, IAM role names, Cloud Map DNS names";

/** The stages a config names: the keys of `stages` and the `productionStages` (`["production"]` by default). */
export function namedStages(config: unknown): string[] {
  const raw = isPlainObject(config) ? config : {};
  const production = Array.isArray(raw.productionStages)
    ? raw.productionStages.filter((s): s is string => typeof s === "string")
    : ["production"];
  const stages = isPlainObject(raw.stages) ? Object.keys(raw.stages) : [];
  return [...new Set([...stages, ...production])];
}

/**
 * Why AWS cannot take `stage` in the names it feeds, as `<what is wrong>: use "<fix>"`, or undefined when it can.
 * `named` are the stages the config names: a near miss of one is suggested instead of a mere clean-up.
 */
export function stageNameProblem(stage: string, named: readonly string[] = []): string | undefined {
  const cleaned = cleanStage(stage);
  const suggestion = named.find((n) => n === cleaned) ?? named.find((n) => isNearMiss(cleaned, n)) ?? cleaned;
  const use = suggestion ? `use ${JSON.stringify(suggestion)}` : 'use e.g. "dev"';
  if (stage === "") return `AWS needs a stage name (${WHERE}): ${use}`;
  if (/[A-Z]/.test(stage) && STAGE_NAME.test(stage.toLowerCase()))
    return `AWS needs lower-case names (${WHERE}): ${use}`;
  if (!STAGE_NAME.test(stage))
    return `AWS needs lower-case letters, digits and hyphens, starting with a letter (${WHERE}): ${use}`;
  if (stage.endsWith("-"))
    return `a DNS name must not end with a hyphen (Cloud Map: <Service>.<stage>.${APP_NAME}): ${use}`;
  if (stage.length > MAX_STAGE_LENGTH) {
    return (
      `must be at most ${MAX_STAGE_LENGTH} characters, got ${stage.length}, so that IAM role names keep it whole ` +
      `(at most ${IAM_ROLE_NAME_LIMIT}: ${APP_NAME}-<stage>-${LONGEST_ROLE_NAME}-<8 random>): ${use}`
    );
  }
  return undefined;
}

/** `stage` made a name AWS takes: lower case, other characters as hyphens, starting with a letter, cut to size. */
function cleanStage(stage: string): string {
  return stage
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, MAX_STAGE_LENGTH)
    .replace(/-+$/, "");
}

/**
 * Refuses a stage AWS cannot take in its names, and a stage the config does not name that is a near miss of one
 * it does (`prod`, `producton` for `production`): a typo would deploy a whole second copy.
 * @throws StageError with a one-line message naming the stage and the fix.
 */
export function checkStage(stage: string, config: unknown, file = "fleetwatch.config.ts"): void {
  const named = namedStages(config);
  const problem = stageNameProblem(stage, named);
  if (problem) throw new StageError(stage, problem);
  if (named.includes(stage)) return;
  const near = named.find((n) => isNearMiss(stage, n));
  if (near === undefined) return;
  throw new StageError(
    stage,
    `the config names no such stage; did you mean ${JSON.stringify(near)}? Use --stage ${near}, or name ` +
      `${JSON.stringify(stage)} in ${file} (stages: ${toLiteral({ [stage]: {} })}) to deploy it as a stage of its own`,
  );
}
