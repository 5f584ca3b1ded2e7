export {
  type AsyncPlanCheck,
  type ConformanceResult,
  conformanceLine,
  formatProblem,
  type PlanCheck,
  type PlanContext,
  type PlannedResource,
  type Problem,
  type RuleClass,
  type Severity,
} from "./problem.js";
export * from "./simulate/index.js";
