import type { ResolvedConfig } from "@fleetwatch/config";

/** The app's secrets, each created once (`sst.Secret` names are unique in an app) and handed to its users. */
export interface Secrets {
  /** Grafana's admin password: `sst secret set GrafanaAdminPassword ...`. */
  grafanaAdminPassword: sst.Secret;
  /** The Slack incoming webhook, only when `slack.enabled`: `sst secret set SlackWebhookUrl ...`. */
  slackWebhookUrl?: sst.Secret;
}

export function createSecrets(config: ResolvedConfig): Secrets {
  return {
    grafanaAdminPassword: new sst.Secret("GrafanaAdminPassword"),
    ...(config.slack.enabled ? { slackWebhookUrl: new sst.Secret("SlackWebhookUrl") } : {}),
  };
}
