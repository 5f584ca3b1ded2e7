import type { PrometheusReplica } from "./topology.js";

/**
 * Where each file lives in the rendered tree (relative paths). The stack mounts the tree at one root in every
 * task (`RenderOptions.configRoot`, `/etc/fleetwatch`) and points each component's flags at these.
 */
export const FILES = {
  /** `--config.file` of a Prometheus replica. */
  prometheus: (replica: PrometheusReplica) => `${replica.dir}/prometheus.yml`,
  /** Rule files, `rules/<name>`; `rules/global.yml` is the Thanos Ruler's `--rule-file`. */
  rules: (file: string) => `rules/${file}`,
  /** `--config.file` of Alertmanager. */
  alertmanager: "alertmanager/alertmanager.yml",
  /** Slack message templates, read by alertmanager.yml (`templates/*.tmpl`, relative to it). */
  slackTemplates: "alertmanager/templates/slack.tmpl",
  /** `--objstore.config-file` of every Thanos component (expects `THANOS_BUCKET` in the environment). */
  objstore: "thanos/objstore.yml",
  /** `--endpoint.sd-config-file` of Thanos Query. */
  queryEndpoints: "thanos/query-endpoints.yml",
  /** `--alertmanagers.config-file` of the Thanos Ruler. */
  rulerAlertmanagers: "thanos/ruler-alertmanagers.yml",
  /** `--query.config-file` of the Thanos Ruler. */
  rulerQuery: "thanos/ruler-query.yml",
  /** Grafana's provisioning directory (`GF_PATHS_PROVISIONING`). */
  grafanaProvisioning: "grafana/provisioning",
  /** Grafana's dashboards directory, named by the dashboard provider. */
  grafanaDashboards: "grafana/dashboards",
} as const;
