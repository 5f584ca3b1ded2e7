import { checkIam } from "./iam/check.js";
import type { ConformanceResult, PlanCheck, PlanContext, PlannedResource } from "./problem.js";

/** Every rule family, in the order their problems are printed. */
export const PLAN_CHECKS: readonly PlanCheck[] = [checkIam];

/** Runs every rule family over a plan and adds up what they checked and found. */
export async function checkPlan(
  plan: readonly PlannedResource[],
  context: PlanContext,
  checks: readonly PlanCheck[] = PLAN_CHECKS,
): Promise<ConformanceResult> {
  const results = await Promise.all(checks.map((check) => check(plan, context)));
  return {
    checks: results.reduce((sum, r) => sum + r.checks, 0),
    problems: results.flatMap((r) => r.problems),
  };
}

/** Whether a result holds a problem that must stop a deploy. */
export function hasErrors(result: ConformanceResult): boolean {
  return result.problems.some((p) => p.severity === "error");
}
