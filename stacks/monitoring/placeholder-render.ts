import type { ResolvedConfig } from "@fleetwatch/config";
import { stringify } from "yaml";
import type { RenderedFiles } from "./config-delivery";
import {
  CONFIG_ROOT,
  dnsName,
  GROUP_LABEL,
  PORTS,
  PROMETHEUS_REPLICA_LABEL,
  prometheusReplicas,
  RULER_RULES_DIR,
  SINGLETONS,
  type Topology,
} from "./names";

// A STAND-IN for @fleetwatch/monitoring's `renderAll(config, topology)` (issue 4, built in parallel): it renders
// files of the same shape and paths so the stack can be built and tested. The lead replaces it at merge.

/** The HTTP port Prometheus scrapes a singleton component on. */
function metricsPort(component: string): number {
  if (component === "Alertmanager") return PORTS.alertmanager;
  if (component === "Grafana") return PORTS.grafana;
  return PORTS.thanosHttp;
}

/** Minimal files for every component, with the Cloud Map names the stack creates. */
export function placeholderRender(config: ResolvedConfig): (topology: Topology) => RenderedFiles {
  return (topology) => {
    const files: RenderedFiles = {};
    const replicas = prometheusReplicas(config);
    for (const replica of replicas) {
      const group = config.scrapeGroups.find((g) => g.name === replica.group);
      const regions = group?.regions.length ? group.regions : config.regions;
      files[`prometheus/${replica.replica}/prometheus.yml`] = stringify({
        global: {
          scrape_interval: group?.scrapeInterval ?? "30s",
          external_labels: { [GROUP_LABEL]: replica.group, [PROMETHEUS_REPLICA_LABEL]: replica.replica },
        },
        rule_files: [`${CONFIG_ROOT}/rules/*.yml`],
        alerting: {
          alertmanagers: [
            { static_configs: [{ targets: [`${dnsName(topology, "Alertmanager")}:${PORTS.alertmanager}`] }] },
          ],
        },
        scrape_configs: [
          {
            job_name: "node",
            ec2_sd_configs: regions.map((region) => ({ region, port: config.nodeExporter.port })),
          },
          {
            job_name: "prometheus",
            static_configs: [
              { targets: replicas.map((r) => `${dnsName(topology, r.component)}:${PORTS.prometheus}`) },
            ],
          },
          ...SINGLETONS.map((component) => ({
            job_name: component,
            static_configs: [{ targets: [`${dnsName(topology, component)}:${metricsPort(component)}`] }],
          })),
        ],
      });
    }
    files["rules/fleetwatch.yml"] = stringify({ groups: [] });
    files[`${RULER_RULES_DIR}/replicas.yml`] = stringify({ groups: [] });
    files["alertmanager/alertmanager.yml"] = stringify({
      route: { receiver: "null" },
      receivers: [{ name: "null" }],
    });
    files["grafana/provisioning/datasources/thanos.yml"] = stringify({
      apiVersion: 1,
      datasources: [
        {
          name: "Thanos",
          type: "prometheus",
          isDefault: true,
          url: `http://${dnsName(topology, "ThanosQueryFrontend")}:${PORTS.thanosHttp}`,
        },
      ],
    });
    return files;
  };
}
