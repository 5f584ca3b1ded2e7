import type { ResolvedConfig } from "@fleetwatch/config";
import {
  type ConformanceResult,
  conformanceLine,
  formatProblem,
  hasErrors,
  type PlanContext,
  type PlannedResource,
} from "@fleetwatch/conformance";
import { formatStageCost, type StageCost, stageCost } from "@fleetwatch/cost";
import { formatMirrorAccess, type MirrorAccess } from "@fleetwatch/members";
import {
  capacityPlan,
  discoveryPlan,
  formatCapacityPlan,
  formatDiscoveryPlan,
  type GroupCapacity,
  type GroupDiscovery,
  TYPICAL_EC2_HOST,
} from "@fleetwatch/monitoring";
import { mirrorAccessOf, mirrorAccessResources, unitAccountsOf } from "./app-outputs.js";
import { formatMemberAccounts } from "./member-accounts.js";
import { type PlanJson, planContext, planJson, plannedResources, plannedUsage, planTable } from "./plan.js";
import { runApp } from "./run-app.js";

/** Options of {@link planStage}. */
export interface PlanStageOptions {
  /** The repository root holding `sst.config.ts` and `.sst/platform`. */
  root: string;
  stage: string;
  /**
   * The stage's validated config (stacks/config.ts's `stageConfig`, which reads `FLEETWATCH_CONFIG`): read
   * before the app runs, so a config or stage mistake fails fast with its own message.
   */
  stageConfig: (stage: string) => Promise<ResolvedConfig>;
  /**
   * Checks the plan against AWS's published rules (stacks/conformance.ts's `checkStage`: every rule family and
   * the IAM simulation of the calls the stage's workloads make).
   */
  conform: (
    plan: PlannedResource[],
    context: PlanContext,
    config: ResolvedConfig,
  ) => Promise<ConformanceResult>;
}

/** The exit code of a plan with a conformance error: AWS would reject the deploy. */
export const PLAN_HAS_ERRORS = 2;

/** The plan with its cost, as JSON. */
export interface PlanReport extends PlanJson {
  cost: StageCost;
  /** Per scrape group, the active series per shard and whether `tasks.prometheus` holds them. */
  capacity: GroupCapacity[];
  /** Per scrape group, the account x region pairs its Prometheus discovers in. */
  discovery: GroupDiscovery[];
  /**
   * Per region with member accounts, the node_exporter mirror bucket (the user's) and the statement its policy
   * needs for member instances to download from it; empty without an S3 mirror or member accounts.
   */
  mirrorAccess: MirrorAccess[];
  conformance: ConformanceResult;
}

/** A plan in both forms, and the exit code it calls for. */
export interface PlanOutcome {
  /**
   * The table, the monthly cost estimate, the discovery and capacity plans, the member accounts and the mirror
   * access (with any), then the conformance check (its last line).
   */
  text: string;
  json: PlanReport;
  /** 0, or {@link PLAN_HAS_ERRORS} when the conformance check found an error. */
  exitCode: number;
}

/**
 * Plans a stage offline: what `sst deploy` would create (the real sst.config.ts under Pulumi mocks), what it
 * would cost a month, and whether each scrape group's Prometheus tasks hold its expected instances. `npm run plan` and `fleetwatch plan` print this. One plan per process (see {@link runApp}).
 * @throws the config's own error (ConfigError, StageError) before the app runs; AppRunError when the app fails.
 */
export async function planStage(options: PlanStageOptions): Promise<PlanOutcome> {
  const config = await options.stageConfig(options.stage);
  const run = await runApp({ root: options.root, stage: options.stage, secrets: placeholderSecrets() });
  const region = String(
    (run.app.providers.aws as { region?: string } | undefined)?.region ?? config.homeRegion,
  );
  const cost = stageCost(config, plannedUsage(run));
  const mirrorAccess = await mirrorAccessOf(run.outputs);
  // The mirror buckets' policies are the user's to apply; their statements are checked like the plan's own.
  const checked = [...plannedResources(run), ...mirrorAccessResources(mirrorAccess)];
  const conformance = await options.conform(checked, planContext(run), config);
  const capacity = capacityPlan(config, TYPICAL_EC2_HOST);
  const unitAccounts = await unitAccountsOf(run.outputs);
  const discovery = discoveryPlan(config, unitAccounts);
  const json: PlanReport = {
    ...planJson(run, region),
    cost,
    capacity,
    discovery,
    mirrorAccess,
    conformance,
  };
  const sections = [
    planTable(run, region),
    formatStageCost(cost),
    formatDiscoveryPlan(config, discovery, unitAccounts),
    formatCapacityPlan(capacity, TYPICAL_EC2_HOST),
    ...[formatMemberAccounts(run), formatMirrorAccess(mirrorAccess)].filter(
      (s): s is string => s !== undefined,
    ),
    [conformanceLine(conformance), ...conformance.problems.map((p) => `  ${formatProblem(p)}`)].join("\n"),
  ];
  const exitCode = hasErrors(conformance) ? PLAN_HAS_ERRORS : 0;
  return { text: `${sections.join("\n\n")}\n`, json, exitCode };
}

/** `sst.Secret`s need a value to evaluate; the plan never shows them. */
function placeholderSecrets(): Record<string, string> {
  return { SlackWebhookUrl: "https://hooks.slack.invalid/plan", GrafanaAdminPassword: "plan-placeholder" };
}
