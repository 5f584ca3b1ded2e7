import { renderAll } from "@fleetwatch/monitoring";
import { stageConfig } from "./config";
import { applyFunctionDefaults } from "./defaults";
import { createMonitoring, STACK_RENDER_OPTIONS } from "./monitoring";
import { createNetwork } from "./network";
import { createStorage } from "./storage";

export { stageConfig } from "./config";
export { applyFunctionDefaults, logRetention } from "./defaults";
export { createMonitoring, type Monitoring, type MonitoringDeps } from "./monitoring";
export { createNetwork, type Network } from "./network";
export { createStorage, type Storage } from "./storage";

/** Every stack of fleetwatch for the current stage, in dependency order. Returns the stack outputs. */
export async function createApp() {
  const config = await stageConfig($app.stage);
  applyFunctionDefaults(config);
  const storage = createStorage(config);
  const network = createNetwork(config);
  const monitoring = createMonitoring(config, {
    network,
    storage,
    // The stack's topology carries grafanaUrl (Grafana on the load balancer); the init container writes the
    // Slack webhook URL where Alertmanager reads it.
    render: (topology) => renderAll(config, topology, STACK_RENDER_OPTIONS),
  });
  return {
    thanosBucket: storage.thanosBucket.name,
    stateBucket: storage.stateBucket.name,
    vpc: network.vpcId,
    networkLayout: network.layout,
    grafanaUrl: monitoring.grafanaUrl,
    prometheusSecurityGroupId: monitoring.prometheusSecurityGroupId,
    compactorClientSecurityGroupId: monitoring.compactorClientSecurityGroupId,
    configVersion: monitoring.configVersion,
  };
}
