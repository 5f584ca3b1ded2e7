import type { ResolvedConfig } from "@fleetwatch/config";
import { LABELS } from "./jobs.js";
import type { ResolvedOptions } from "./options.js";
import type { AlertSeverity } from "./rules/index.js";

/** Receiver of each severity when Slack is on. */
export const SEVERITY_RECEIVERS: Record<AlertSeverity, string> = {
  critical: "slack-critical",
  warning: "slack-warning",
  info: "slack-info",
};

/** The only receiver when Slack is off: it drops everything (alerts still show in Alertmanager and Grafana). */
export const NULL_RECEIVER = "null";

/** How often an unresolved alert is posted again, per severity. */
const REPEAT: Record<AlertSeverity, string> = { critical: "1h", warning: "4h", info: "24h" };

/** Node alerts an instance's down alert makes moot. */
const NODE_HEALTH_ALERTS =
  "NodeFilesystemPredictedFull|NodeFilesystemAlmostFull|NodeFilesystemReadOnly|NodeMemoryPressure|NodeHighLoad|NodeClockSkew";

function slackReceiver(config: ResolvedConfig, options: ResolvedOptions, severity: AlertSeverity) {
  return {
    name: SEVERITY_RECEIVERS[severity],
    slack_configs: [
      {
        api_url_file: options.slackWebhookUrlFile,
        channel: config.slack.channel,
        username: "fleetwatch",
        send_resolved: severity !== "info",
        color: '{{ template "fleetwatch.slack.color" . }}',
        title: '{{ template "fleetwatch.slack.title" . }}',
        title_link: '{{ template "fleetwatch.slack.runbook" . }}',
        text: '{{ template "fleetwatch.slack.text" . }}',
        ...(severity === "critical" ? { pretext: "<!here>" } : {}),
      },
    ],
  };
}

/** alertmanager.yml: severity routes to Slack (or to a null receiver when Slack is off), inhibitions. */
export function renderAlertmanagerConfig(config: ResolvedConfig, options: ResolvedOptions) {
  const severities: AlertSeverity[] = ["critical", "warning", "info"];
  const slack = config.slack.enabled;
  const groupWait = options.testing.groupWait;
  return {
    global: { resolve_timeout: "5m" },
    ...(slack ? { templates: ["templates/*.tmpl"] } : {}),
    route: {
      receiver: slack ? SEVERITY_RECEIVERS.warning : NULL_RECEIVER,
      group_by: ["alertname", LABELS.group],
      group_wait: groupWait ?? "30s",
      group_interval: groupWait ?? "5m",
      repeat_interval: "4h",
      ...(slack
        ? {
            routes: severities.map((severity) => ({
              receiver: SEVERITY_RECEIVERS[severity],
              matchers: [`severity="${severity}"`],
              repeat_interval: REPEAT[severity],
              ...(severity === "critical" && !groupWait ? { group_wait: "10s" } : {}),
            })),
          }
        : {}),
    },
    inhibit_rules: [
      {
        source_matchers: ['alertname=~"NodeTargetDown|FleetTargetDown"'],
        target_matchers: [`alertname=~"${NODE_HEALTH_ALERTS}"`],
        equal: [LABELS.group, "instance_id"],
      },
      {
        source_matchers: ['alertname="FleetTargetDown"'],
        target_matchers: ['alertname="NodeTargetDown"'],
        equal: [LABELS.group, "instance_id"],
      },
    ],
    receivers: slack ? severities.map((s) => slackReceiver(config, options, s)) : [{ name: NULL_RECEIVER }],
  };
}
