import { stageConfig } from "./config";
import { applyFunctionDefaults } from "./defaults";
import { createHealth } from "./health";
import { createMonitoring, placeholderRender } from "./monitoring";
import { createNetwork } from "./network";
import { createOnboarding } from "./onboarding";
import { createStorage } from "./storage";

export { stageConfig } from "./config";
export { applyFunctionDefaults, logRetention } from "./defaults";
export { type CompactorRef, createHealth, type Health, type HealthDeps } from "./health";
export { createMonitoring, type Monitoring, type MonitoringDeps } from "./monitoring";
export { createNetwork, type Network } from "./network";
export { createOnboarding, type Onboarding } from "./onboarding";
export { createStorage, type Storage } from "./storage";

/** Every stack of fleetwatch for the current stage, in dependency order. Returns the stack outputs. */
export async function createApp() {
  const config = await stageConfig($app.stage);
  applyFunctionDefaults(config);
  const storage = createStorage(config);
  const network = createNetwork(config);
  // placeholderRender stands in for @fleetwatch/monitoring's renderAll(config, topology) until issue 4 lands.
  const monitoring = createMonitoring(config, { network, storage, render: placeholderRender(config) });
  // The compactor service comes with the Thanos stack; until then the audit reads its Cloud Map name.
  const health = createHealth(config, { storage, network });
  const onboarding = createOnboarding(config);
  return {
    thanosBucket: storage.thanosBucket.name,
    stateBucket: storage.stateBucket.name,
    vpc: network.vpcId,
    networkLayout: network.layout,
    grafanaUrl: monitoring.grafanaUrl,
    prometheusSecurityGroupId: monitoring.prometheusSecurityGroupId,
    compactorClientSecurityGroupId: monitoring.compactorClientSecurityGroupId,
    configVersion: monitoring.configVersion,
    healthAudit: health.auditFunction.name,
    onboardingDeadLetterQueue: onboarding.deadLetterQueue.url,
  };
}
