import type { ConformanceResult, PlannedResource, Problem, RuleClass, SyncPlanCheck } from "./problem.js";

/** A rule kept by hand: its id, class and where AWS documents it. */
export interface RuleRef {
  id: string;
  ruleClass: RuleClass;
  source: string;
}

/** Counts checks and collects problems for one family's run. */
export class Tally {
  readonly result: ConformanceResult = { checks: 0, problems: [] };

  /** Counts one check of `rule` on a value; when `message` is given, the value broke it. */
  check(rule: RuleRef, resource: PlannedResource, property: string, message: string | undefined): void {
    this.result.checks++;
    if (message === undefined) return;
    const problem: Problem = {
      severity: "error",
      ruleClass: rule.ruleClass,
      rule: rule.id,
      resourceType: resource.type,
      resource: resource.name,
      property,
      message,
      source: rule.source,
    };
    this.result.problems.push(problem);
  }
}

/** One family made of several: checks add up, problems are listed in the order of the checks. */
export function combineChecks(...checks: readonly SyncPlanCheck[]): SyncPlanCheck {
  return (plan, context) => {
    const all: ConformanceResult = { checks: 0, problems: [] };
    for (const check of checks) {
      const { checks: n, problems } = check(plan, context);
      all.checks += n;
      all.problems.push(...problems);
    }
    return all;
  };
}

/** The resources of the plan of one type. */
export const ofType = (plan: readonly PlannedResource[], type: string) => plan.filter((r) => r.type === type);
