import type { Duration } from "@fleetwatch/config";

/** Knobs of the renderers beyond the config. Production leaves them unset. */
export interface RenderOptions {
  /**
   * The runbook every alert links to; `#<alertname in lower case>` is appended.
   * @default "https://github.com/fleetwatch/fleetwatch/blob/main/docs/runbook.md"
   */
  runbookUrl?: string;
  /**
   * Where the rendered tree is mounted in every task (paths inside configs that are not relative).
   * @default "/etc/fleetwatch"
   */
  configRoot?: string;
  /**
   * The file Alertmanager reads the Slack webhook URL from; the task writes it from the secret at start.
   * @default "/run/secrets/slack-webhook-url"
   */
  slackWebhookUrlFile?: string;
  /**
   * The EC2 API endpoint of `ec2_sd_configs` (a VPC endpoint, or a local stub in tests).
   * @default undefined (the regional endpoint)
   */
  ec2Endpoint?: string;
  /** Test-only overrides that make everything fast. Never set in a deployed stack. */
  testing?: TestingOverrides;
}

/** Shortened timings and local addresses for end-to-end tests. */
export interface TestingOverrides {
  /** Scrape and evaluation interval of every Prometheus, and the EC2 discovery refresh. */
  interval?: Duration;
  /** Replaces the `for` of every alert. */
  for?: Duration;
  /** Alertmanager `group_wait` and `group_interval`. */
  groupWait?: Duration;
  /** `host:port` of the Alertmanagers Prometheus sends alerts to, instead of the Cloud Map name. */
  alertmanagers?: string[];
}

/** The options with their defaults applied. */
export interface ResolvedOptions {
  readonly runbookUrl: string;
  readonly configRoot: string;
  readonly slackWebhookUrlFile: string;
  readonly ec2Endpoint: string | undefined;
  readonly testing: TestingOverrides;
}

/** Default of {@link RenderOptions.runbookUrl}. */
export const RUNBOOK_URL = "https://github.com/fleetwatch/fleetwatch/blob/main/docs/runbook.md";
/** Default of {@link RenderOptions.configRoot}. */
export const CONFIG_ROOT = "/etc/fleetwatch";
/** Default of {@link RenderOptions.slackWebhookUrlFile}. */
export const SLACK_WEBHOOK_URL_FILE = "/run/secrets/slack-webhook-url";

export function resolveOptions(options: RenderOptions = {}): ResolvedOptions {
  return {
    runbookUrl: options.runbookUrl ?? RUNBOOK_URL,
    configRoot: options.configRoot ?? CONFIG_ROOT,
    slackWebhookUrlFile: options.slackWebhookUrlFile ?? SLACK_WEBHOOK_URL_FILE,
    ec2Endpoint: options.ec2Endpoint,
    testing: options.testing ?? {},
  };
}
