export { checkPlan, hasErrors, PLAN_CHECKS } from "./check-plan.js";
export { checkIam } from "./iam/check.js";
export { AUTHORIZATION_EXCEPTIONS, type AuthorizationException } from "./iam/exceptions.js";
export {
  ConformanceError,
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
