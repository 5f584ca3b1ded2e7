import { address, PORTS, stackTopology } from "@fleetwatch/monitoring";
import { reportConfigWarnings, stageConfig } from "./config";
import { conformanceMode, enforceConformance } from "./conformance";
import { applyFunctionDefaults } from "./defaults";
import { createHealth } from "./health";
import { createMembers } from "./members";
import { createMonitoring, STACK_RENDER_OPTIONS } from "./monitoring";
import { createNetwork } from "./network";
import { createOnboarding } from "./onboarding";
import { createSecrets } from "./secrets";
import { createStorage } from "./storage";

export { configWarnings, reportConfigWarnings, stageConfig } from "./config";
export { type ConformanceMode, conformanceMode, enforceConformance } from "./conformance";
export { applyFunctionDefaults, logRetention } from "./defaults";
export { type CompactorRef, createHealth, type Health, type HealthDeps } from "./health";
export { createMembers, EXECUTION_ROLE_NAME, type Members, type MembersDeps } from "./members";
export { createMonitoring, type Monitoring, type MonitoringDeps } from "./monitoring";
export { createNetwork, type Network } from "./network";
export { createOnboarding, type Onboarding, type OnboardingStackDeps } from "./onboarding";
export { createSecrets, type Secrets } from "./secrets";
export { createStorage, type Storage } from "./storage";

/** Every stack of fleetwatch for the current stage, in dependency order. Returns the stack outputs. */
export async function createApp() {
  const config = await stageConfig($app.stage);
  reportConfigWarnings(config);
  // Before any resource: each one is checked against AWS's rules before it is created.
  if (conformanceMode() === "enforce")
    enforceConformance(
      aws
        .getCallerIdentityOutput()
        .accountId.apply((accountId) => ({ accountId, region: config.homeRegion })),
    );
  applyFunctionDefaults(config);
  const secrets = createSecrets(config);
  const storage = createStorage(config);
  const network = createNetwork(config);
  const monitoring = createMonitoring(config, {
    network,
    storage,
    secrets,
    // The init container writes the Slack webhook URL where Alertmanager reads it.
    renderOptions: STACK_RENDER_OPTIONS,
  });
  const topology = stackTopology(config, $app.name);
  const health = createHealth(config, {
    storage,
    network,
    secrets,
    compactor: {
      url: `http://${address(topology, "ThanosCompactor", PORTS.thanosHttp)}`,
      ecs: monitoring.compactor,
      securityGroupId: monitoring.auditClientSecurityGroupId,
    },
    queryUrl: `http://${address(topology, "ThanosQueryFrontend", PORTS.thanosHttp)}`,
    links: { grafana: monitoring.grafanaUrl },
  });
  const onboarding = createOnboarding(config, {
    vpcId: network.vpcId,
    prometheusSecurityGroupId: monitoring.prometheusSecurityGroupId,
    storage,
  });
  const members = createMembers(config, {
    settings: onboarding.settings,
    trustedRoleArns: [...onboarding.fleetRoleArns, ...monitoring.prometheusTaskRoleArns],
  });
  return {
    thanosBucket: storage.thanosBucket.name,
    stateBucket: storage.stateBucket.name,
    vpc: network.vpcId,
    networkLayout: network.layout,
    // Organization mode: the units' accounts this deploy discovers in (the plan's Discovery section lists them).
    memberAccounts: monitoring.accounts.unitAccounts,
    grafanaUrl: monitoring.grafanaUrl,
    prometheusSecurityGroupId: monitoring.prometheusSecurityGroupId,
    configVersion: monitoring.configVersion,
    healthAudit: health.auditFunction.name,
    onboardingDeadLetterQueue: onboarding.deadLetterQueue.url,
    // The accounts x regions that have the member stack: `ListStackInstances` on this StackSet.
    ...(members ? { memberStackSet: members.stackSet.name } : {}),
    // The statements the node_exporter mirror buckets' policies need (the plan's Mirror access section).
    ...(members ? { mirrorAccess: members.mirrorAccess } : {}),
  };
}
