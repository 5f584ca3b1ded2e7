export {
  type AccountRegion,
  activeMembers,
  assumedAccounts,
  discoveryMembers,
  type GroupCoverage,
  groupCoverage,
  groupRegions,
  type MemberAccountRef,
  memberRoleArn,
  type OrganizationAccount,
  type ScrapedAccount,
} from "./accounts.js";
export { NULL_RECEIVER, renderAlertmanagerConfig, SEVERITY_RECEIVERS } from "./alertmanager.js";
export {
  type AuditConfigFile,
  auditConfigFromResolved,
  auditConfigSchema,
  renderAuditConfig,
} from "./audit-config.js";
export * from "./capacity/index.js";
export { COMPACTOR_DELAYS } from "./compactor.js";
export { discoveryPlan, formatDiscoveryPlan, type GroupDiscovery } from "./discovery-plan.js";
export { ec2Filters, ec2TagLabel, OWNER_ID_LABEL, SHARD_SOURCE_LABEL } from "./ec2-discovery.js";
export { InvalidRenderInputError, UnrenderableConfigError } from "./errors.js";
export { GRAFANA_PROVISIONING_DIRS } from "./grafana/provisioning.js";
export { DASHBOARD_UIDS, DATASOURCE_UIDS } from "./grafana/uids.js";
export {
  ACCOUNT_LABELS,
  JOBS,
  LABELS,
  LAYOUT_LABELS,
  NAMED_ACCOUNT_TARGET_LABELS,
  NODE_TARGET_LABELS,
  prometheusExternalLabels,
  REPLICA_LABELS,
  RULER_SCRAPE,
  SHARED_SCRAPES,
} from "./jobs.js";
export {
  CONFIG_ROOT,
  type RenderOptions,
  RUNBOOK_URL,
  SLACK_WEBHOOK_URL_FILE,
  type TestingOverrides,
} from "./options.js";
export { FILES } from "./paths.js";
export * from "./refresh/index.js";
export { type RenderedTree, renderAll } from "./render-all.js";
export {
  type AlertRule,
  type AlertSeverity,
  allRuleFiles,
  groupRuleFiles,
  type RuleFile,
  rulerRuleFiles,
  stackRuleFiles,
} from "./rules/index.js";
export { shardOf } from "./shards.js";
export { GLOBAL_RULER, rulerExternalLabels, THANOS_BUCKET_ENV } from "./thanos.js";
export {
  address,
  dnsName,
  grafanaUrl,
  groupReplicas,
  PORTS,
  type PrometheusReplica,
  pascalCase,
  prometheusReplicas,
  type RulerReplica,
  replicaLabel,
  rulerReplicas,
  SHARED_COMPONENTS,
  type SharedComponent,
  stackGroup,
  stackTopology,
  type Topology,
} from "./topology.js";
export { assertRenderable } from "./validate.js";
export { configVersion, contentVersionOf, REFRESHED_SUFFIX, refreshedVersion } from "./version.js";
