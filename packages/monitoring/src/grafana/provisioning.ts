import type { ResolvedConfig } from "@fleetwatch/config";
import { FILES } from "../paths.js";
import { address, PORTS, type Topology } from "../topology.js";
import { DATASOURCE_UIDS } from "./uids.js";

/** Datasources: Thanos through the Query Frontend (default) and Alertmanager. */
export function renderDatasources(config: ResolvedConfig, topology: Topology) {
  const first = config.scrapeGroups[0];
  return {
    apiVersion: 1,
    datasources: [
      {
        name: "Thanos",
        uid: DATASOURCE_UIDS.thanos,
        type: "prometheus",
        access: "proxy",
        url: `http://${address(topology, "ThanosQueryFrontend", PORTS.thanosHttp)}`,
        isDefault: true,
        editable: false,
        jsonData: {
          prometheusType: "Thanos",
          timeInterval: first?.scrapeInterval ?? "30s",
          httpMethod: "POST",
        },
      },
      {
        name: "Alertmanager",
        uid: DATASOURCE_UIDS.alertmanager,
        type: "alertmanager",
        access: "proxy",
        url: `http://${address(topology, "Alertmanager", PORTS.alertmanager)}`,
        editable: false,
        jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
      },
    ],
  };
}

/** The dashboard provider: the JSON files of `grafana/dashboards`, read-only, in a `fleetwatch` folder. */
export function renderDashboardProvider(configRoot: string) {
  return {
    apiVersion: 1,
    providers: [
      {
        name: "fleetwatch",
        folder: "fleetwatch",
        type: "file",
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: `${configRoot}/${FILES.grafanaDashboards}`, foldersFromFilesStructure: false },
      },
    ],
  };
}

/**
 * The directories under Grafana's provisioning path that Grafana 12 reads at every start: a missing one is logged
 * as an error ("can't read alerting provisioning files from directory"). Legacy `notifiers` went with legacy
 * alerting in Grafana 11.
 */
export const GRAFANA_PROVISIONING_DIRS = ["datasources", "dashboards", "plugins", "alerting"] as const;

/**
 * An empty plugin provider: no app plugins to enable. Files can only be delivered one by one, so an empty
 * directory is a file that configures nothing.
 */
export function renderPluginProvider() {
  return { apiVersion: 1, apps: [] as never[] };
}

/**
 * An empty alerting provider: fleetwatch alerts through Prometheus, the Ruler and Alertmanager, not Grafana's
 * alerting. Grafana parses every file of the directory and refuses suffixes other than .yaml, .yml and .json.
 */
export function renderAlertingProvider() {
  return { apiVersion: 1 };
}
