export { mirrorAccessOf, mirrorAccessResources, unitAccountsOf } from "./app-outputs.js";
export { AppRunError, ResourceLookupError } from "./errors.js";
export { ResourceGraph } from "./graph.js";
export { formatMemberAccounts } from "./member-accounts.js";
export type { MockAccount, RecordedResource } from "./mocks.js";
// The offline Organization (aws.organizations data sources) and the accounts the app found in its units.
export { MOCK_ORGANIZATION_ID, MOCK_ROOT_ID, MOCK_UNITS } from "./organization.js";
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
