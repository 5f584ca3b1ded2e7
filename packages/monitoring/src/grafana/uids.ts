/** Stable uids of fleetwatch's Grafana dashboards and datasources: links in Slack messages use them. */
export const DASHBOARD_UIDS = {
  fleetOverview: "fleetwatch-fleet-overview",
  nodeDetail: "fleetwatch-node-detail",
  thanosHealth: "fleetwatch-thanos-health",
} as const;

export const DATASOURCE_UIDS = {
  thanos: "fleetwatch-thanos",
  alertmanager: "fleetwatch-alertmanager",
} as const;
