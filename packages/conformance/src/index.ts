export {
  type ConformanceResult,
  conformanceLine,
  formatProblem,
  type PlannedResource,
  type Problem,
  type RuleClass,
  type Severity,
} from "./problem.js";
