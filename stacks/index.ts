import { stageConfig } from "./config";
import { applyFunctionDefaults } from "./defaults";
import { createHealth } from "./health";
import { createNetwork } from "./network";
import { createStorage } from "./storage";

export { stageConfig } from "./config";
export { applyFunctionDefaults, logRetention } from "./defaults";
export { type CompactorRef, createHealth, type Health, type HealthDeps } from "./health";
export { createNetwork, type Network } from "./network";
export { createStorage, type Storage } from "./storage";

/** Every stack of fleetwatch for the current stage, in dependency order. Returns the stack outputs. */
export async function createApp() {
  const config = await stageConfig($app.stage);
  applyFunctionDefaults(config);
  const storage = createStorage(config);
  const network = createNetwork(config);
  // The compactor service comes with the Thanos stack; until then the audit reads its Cloud Map name.
  const health = createHealth(config, { storage, network });
  return {
    thanosBucket: storage.thanosBucket.name,
    stateBucket: storage.stateBucket.name,
    vpc: network.vpcId,
    networkLayout: network.layout,
    healthAudit: health.auditFunction.name,
  };
}
