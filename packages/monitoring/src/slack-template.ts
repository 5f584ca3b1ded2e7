import { DASHBOARD_UIDS } from "./grafana/uids.js";

/** The Go templates of Slack messages; `grafanaUrl` is the base of the dashboard links. */
export function slackTemplates(grafanaUrl: string): string {
  const base = grafanaUrl.replace(/\/+$/, "");
  const node = `${base}/d/${DASHBOARD_UIDS.nodeDetail}/node-detail`;
  const fleet = `${base}/d/${DASHBOARD_UIDS.fleetOverview}/fleet-overview`;
  const thanos = `${base}/d/${DASHBOARD_UIDS.thanosHealth}/thanos-health`;
  return `{{/* Rendered by @fleetwatch/monitoring: Slack messages of fleetwatch alerts. */}}

{{ define "fleetwatch.slack.color" }}{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}danger{{ else if eq .CommonLabels.severity "warning" }}warning{{ else }}#439FE0{{ end }}{{ else }}good{{ end }}{{ end }}

{{ define "fleetwatch.slack.title" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }}){{ with .CommonLabels.fleetwatch_group }} in {{ . }}{{ end }}{{ end }}

{{ define "fleetwatch.slack.dashboard" }}{{ if .Labels.instance_id }}${node}?var-group={{ .Labels.fleetwatch_group | urlquery }}&var-instance={{ .Labels.instance | urlquery }}{{ else if match "^Thanos" .Labels.alertname }}${thanos}{{ else }}${fleet}?var-group={{ .Labels.fleetwatch_group | urlquery }}{{ end }}{{ end }}

{{ define "fleetwatch.slack.text" }}{{ range .Alerts }}
{{ if eq .Status "firing" }}:red_circle:{{ else }}:large_green_circle:{{ end }} *{{ .Annotations.summary }}*
{{ .Annotations.description }}
{{ if .Labels.instance }}Instance: \`{{ .Labels.instance }}\`{{ with .Labels.instance_id }} ({{ . }}){{ end }}{{ with .Labels.region }} in {{ . }}{{ end }}
{{ end }}<{{ .Annotations.runbook_url }}|Runbook> | <{{ template "fleetwatch.slack.dashboard" . }}|Grafana>
{{ end }}{{ end }}

{{ define "fleetwatch.slack.runbook" }}{{ (index .Alerts 0).Annotations.runbook_url }}{{ end }}
`;
}
