import { stageConfig } from "./config";
import { applyFunctionDefaults } from "./defaults";
import { createNetwork } from "./network";
import { createOnboarding } from "./onboarding";
import { createStorage } from "./storage";

export { stageConfig } from "./config";
export { applyFunctionDefaults, logRetention } from "./defaults";
export { createNetwork, type Network } from "./network";
export { createOnboarding, type Onboarding } from "./onboarding";
export { createStorage, type Storage } from "./storage";

/** Every stack of fleetwatch for the current stage, in dependency order. Returns the stack outputs. */
export async function createApp() {
  const config = await stageConfig($app.stage);
  applyFunctionDefaults(config);
  const storage = createStorage(config);
  const network = createNetwork(config);
  const onboarding = createOnboarding(config);
  return {
    thanosBucket: storage.thanosBucket.name,
    stateBucket: storage.stateBucket.name,
    vpc: network.vpcId,
    networkLayout: network.layout,
    onboardingDeadLetterQueue: onboarding.deadLetterQueue.url,
  };
}
