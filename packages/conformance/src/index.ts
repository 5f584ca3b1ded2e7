export { checkPlan, hasErrors, PLAN_CHECKS } from "./check-plan.js";
export { checkHealthCheckGracePeriod } from "./cross-resource/grace-period.js";
export { checkCrossResourceRules } from "./cross-resource/index.js";
export { checkSqsVisibility } from "./cross-resource/sqs-visibility.js";
export { checkFargateSizes, FARGATE_MEMORY_BY_CPU } from "./documented/fargate.js";
export { checkDocumentedRules } from "./documented/index.js";
export { checkLogRetention, LOG_RETENTION_DAYS } from "./documented/log-retention.js";
export { checkNames, NAME_RULES } from "./documented/names.js";
export { checkSecurityGroupDescriptions } from "./documented/security-groups.js";
export { checkIam } from "./iam/check.js";
export { AUTHORIZATION_EXCEPTIONS, type AuthorizationException } from "./iam/exceptions.js";
export {
  type AsyncPlanCheck,
  ConformanceError,
  type ConformanceResult,
  conformanceLine,
  formatProblem,
  type PlanCheck,
  type PlanContext,
  type PlannedResource,
  type Problem,
  type ProblemSeverity,
  type RuleClass,
  type SyncPlanCheck,
} from "./problem.js";
export {
  type Charset,
  type DocLimits,
  disallowedChars,
  type Limit,
  parseCharList,
  parseDocLimits,
} from "./properties/doc-limits.js";
export {
  checkRegistrySchemas,
  registrySchemaCheck,
  registrySchemaCoverage,
  type SchemaCoverage,
} from "./properties/registry-schemas.js";
export { loadRegistrySpec, type RegistrySpec } from "./properties/spec.js";
export { TEMPLATE_MAPPINGS, TEMPLATE_TYPES } from "./properties/template-types.js";
export { PULUMI_TO_CFN, type TypeMapping, UNMAPPED } from "./properties/type-map.js";
export * from "./simulate/index.js";
export { combineChecks } from "./tally.js";
export {
  ownedProblem,
  TEMPLATE_BODY_BYTES,
  type TemplateResource,
  templateResources,
} from "./templates/expand.js";
export {
  isIntrinsic,
  resolveIntrinsics,
  TEMPLATE_ACCOUNT_ID,
  type TemplateScope,
} from "./templates/resolve.js";
