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
