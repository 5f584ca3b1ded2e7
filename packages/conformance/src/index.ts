export {
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
