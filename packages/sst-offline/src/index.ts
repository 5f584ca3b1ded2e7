export { AppRunError, ResourceLookupError } from "./errors.js";
export { ResourceGraph } from "./graph.js";
export type { MockAccount, RecordedResource } from "./mocks.js";
export { OFFLINE_ORGANIZATION_ID } from "./mocks.js";
export {
  OFFLINE_ACCOUNT_ID,
  type PlanJson,
  type PlannedUsage,
  type PlanResource,
  planContext,
  planJson,
  plannedResources,
  plannedUsage,
  planTable,
  removalMeaning,
  roleUsers,
  summarize,
} from "./plan.js";
export { type PlanOutcome, type PlanReport, type PlanStageOptions, planStage } from "./plan-stage.js";
export { type PolicyDocument, type PolicyStatement, renderPolicyDocument } from "./policy-document.js";
export { type RpcServer, startRpcServer } from "./rpc-server.js";
export { type AppRun, type RunAppOptions, runApp, type SstApp } from "./run-app.js";
export { unwrapSecrets } from "./secrets.js";
