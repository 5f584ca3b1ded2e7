/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  async app(input) {
    const { stageConfig } = await import("./stacks/config");
    const config = await stageConfig(input.stage);
    return {
      name: "fleetwatch",
      home: "aws",
      removal: config.isProduction ? "retain" : "remove",
      protect: config.isProduction,
      providers: { aws: { region: config.homeRegion } },
    };
  },
  async run() {
    const { createApp } = await import("./stacks");
    return createApp();
  },
});
