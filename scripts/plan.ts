// npm run plan [-- --stage S] [--json] [--config FILE]
// Prints, offline, what `sst deploy` would create for a stage (the real sst.config.ts under Pulumi mocks) and
// what it would cost a month.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatStageCost, stageCost } from "@fleetwatch/cost";
import { AppRunError, planJson, plannedUsage, planTable, runApp } from "@fleetwatch/sst-offline";
import { stageConfig } from "../stacks/config";

const { values } = parseArgs({
  options: {
    stage: { type: "string", default: "dev" },
    json: { type: "boolean", default: false },
    config: { type: "string" },
  },
});
if (values.config) process.env.FLEETWATCH_CONFIG = resolve(values.config);

const root = resolve(import.meta.dirname, "..");
try {
  const run = await runApp({ root, stage: values.stage, secrets: placeholderSecrets() });
  const region = String((run.app.providers.aws as { region?: string } | undefined)?.region ?? "us-east-1");
  const cost = stageCost(await stageConfig(values.stage), plannedUsage(run));
  const text = values.json
    ? `${JSON.stringify({ ...planJson(run, region), cost }, null, 2)}\n`
    : `${planTable(run, region)}\n\n${formatStageCost(cost)}\n`;
  // Exit only once the whole plan is written: a pipe takes it in chunks.
  process.stdout.write(text, () => process.exit(0));
} catch (error) {
  const cause = error instanceof AppRunError && error.cause instanceof Error ? error.cause : error;
  console.error(cause instanceof Error && cause.name === "ConfigError" ? cause.message : String(error));
  process.exit(1);
}

/** `sst.Secret`s need a value to evaluate; the plan never shows them. */
function placeholderSecrets(): Record<string, string> {
  return { SlackWebhookUrl: "https://hooks.slack.invalid/plan", GrafanaAdminPassword: "plan-placeholder" };
}
