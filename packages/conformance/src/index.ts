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
export { PULUMI_TO_CFN, type TypeMapping, UNMAPPED } from "./properties/type-map.js";
