import type { Duration } from "@fleetwatch/config";
import type { MemberAccountRef } from "./accounts.js";

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
  /**
   * Organization mode (`accounts.organization`): the member accounts found in the units at deploy time, the home
   * account left out. The stack fills it from the Organization (ACTIVE accounts only), and the discovery refresh
   * ({@link refreshDiscovery}) again at run time. Ignored in members mode, where `accounts.members` lists them.
   * @default [] (no member accounts)
   */
  memberAccounts?: readonly MemberAccountRef[];
  /**
   * The id of the account fleetwatch is deployed in, so a group selector may name it by id as well as `"home"`.
   * @default undefined (only `"home"` means the home account)
   */
  homeAccountId?: string;
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
  readonly memberAccounts: readonly MemberAccountRef[];
  readonly homeAccountId: string | undefined;
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
    memberAccounts: options.memberAccounts ?? [],
    homeAccountId: options.homeAccountId,
    testing: options.testing ?? {},
  };
}
