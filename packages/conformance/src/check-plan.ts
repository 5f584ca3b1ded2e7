import { checkCrossResourceRules } from "./cross-resource/index.js";
import { checkDocumentedRules } from "./documented/index.js";
import { checkIam } from "./iam/check.js";
import type { ConformanceResult, PlanCheck, PlanContext, PlannedResource, Problem } from "./problem.js";
import { checkRegistrySchemas } from "./properties/registry-schemas.js";
import { ownedProblem, templateResources } from "./templates/expand.js";

/** Every rule family, in the order their problems are printed. */
export const PLAN_CHECKS: readonly PlanCheck[] = [
  checkIam,
  checkRegistrySchemas,
  checkDocumentedRules,
  checkCrossResourceRules,
];

/**
 * Runs every rule family over a plan and adds up what they checked and found. The resources of the templates in
 * the plan (a StackSet's) are checked like the plan's own; their problems name the resource holding the template
 * and the path to the template's resource.
 */
export async function checkPlan(
  plan: readonly PlannedResource[],
  context: PlanContext,
  checks: readonly PlanCheck[] = PLAN_CHECKS,
): Promise<ConformanceResult> {
  const templates = templateResources(plan, context);
  const all = [...plan, ...templates.resources];
  const results = await Promise.all(checks.map((check) => check(all, context)));
  const byName = new Map(templates.resources.map((r) => [r.name, r]));
  const problems = [...templates.problems, ...results.flatMap((r) => r.problems)].map((p) => {
    const owned = byName.get(p.resource);
    return owned ? ownedProblem(p, owned) : p;
  });
  return {
    checks: results.reduce((sum, r) => sum + r.checks, templates.templates),
    problems: withoutEchoes(problems),
  };
}

/**
 * The registry schema's word comes first: a hand-kept rule that finds a problem in the same property of the same
 * resource says it again, so it is left out (it stands in where the schema is silent).
 */
function withoutEchoes(problems: readonly Problem[]): Problem[] {
  const bySchema = new Set(
    problems.filter((p) => p.ruleClass === "property").map((p) => `${p.resource}\n${p.property}`),
  );
  return problems.filter(
    (p) => p.ruleClass !== "documented" || !bySchema.has(`${p.resource}\n${p.property}`),
  );
}

/** Whether a result holds a problem that must stop a deploy. */
export function hasErrors(result: ConformanceResult): boolean {
  return result.problems.some((p) => p.severity === "error");
}
