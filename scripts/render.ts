// npm run render [-- --stage S] --out DIR [--config FILE]
// Writes every configuration file the monitoring stack ships for a stage, offline, exactly as the stack would.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderAll, stackTopology } from "@fleetwatch/monitoring";
import { stageConfig } from "../stacks/config";
import { STACK_RENDER_OPTIONS } from "../stacks/monitoring/names";

const { values } = parseArgs({
  options: {
    stage: { type: "string", default: "dev" },
    out: { type: "string" },
    config: { type: "string" },
  },
});
if (!values.out) {
  console.error("usage: npm run render -- [--stage S] --out DIR [--config FILE]");
  process.exit(2);
}
if (values.config) process.env.FLEETWATCH_CONFIG = resolve(values.config);

try {
  const config = await stageConfig(values.stage);
  // Grafana's address on the load balancer is known only once deployed: Slack links use its Cloud Map name here.
  const tree = renderAll(config, stackTopology(config), STACK_RENDER_OPTIONS);
  const out = resolve(values.out);
  for (const [path, contents] of Object.entries(tree)) {
    const file = join(out, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  console.log(`rendered ${Object.keys(tree).length} files for stage ${values.stage} into ${out}`);
} catch (error) {
  const named = error instanceof Error && ["ConfigError", "UnrenderableConfigError"].includes(error.name);
  console.error(named ? (error as Error).message : error);
  process.exit(1);
}
