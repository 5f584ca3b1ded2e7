import { type ResolvedConfig, sizeBytes } from "@fleetwatch/config";
import { renderAlertmanagerConfig } from "./alertmanager.js";
import { fleetOverview } from "./grafana/fleet-overview.js";
import { nodeDetail } from "./grafana/node-detail.js";
import {
  renderAlertingProvider,
  renderDashboardProvider,
  renderDatasources,
  renderPluginProvider,
} from "./grafana/provisioning.js";
import { thanosHealth } from "./grafana/thanos-health.js";
import { type RenderOptions, resolveOptions } from "./options.js";
import { FILES } from "./paths.js";
import { renderPrometheusConfig } from "./prometheus.js";
import { allRuleFiles, renderRuleFile } from "./rules/index.js";
import { slackTemplates } from "./slack-template.js";
import {
  renderObjstoreConfig,
  renderQueryEndpoints,
  renderRulerAlertmanagers,
  renderRulerQuery,
} from "./thanos.js";
import { grafanaUrl, prometheusReplicas, type Topology } from "./topology.js";
import { assertRenderable } from "./validate.js";
import { jsonFile, yamlFile } from "./yaml.js";

/** Relative path -> file contents: the whole tree the monitoring stack ships. */
export type RenderedTree = Record<string, string>;

/**
 * Every configuration file of the monitoring stack, rendered from the validated config.
 * @throws UnrenderableConfigError when the config cannot give a working stack (the message names the key).
 */
export function renderAll(
  config: ResolvedConfig,
  topology: Topology,
  renderOptions: RenderOptions = {},
): RenderedTree {
  assertRenderable(config);
  const options = resolveOptions(renderOptions);
  const tree: RenderedTree = {};
  for (const replica of prometheusReplicas(config)) {
    tree[FILES.prometheus(replica)] = yamlFile(renderPrometheusConfig(config, topology, replica, options));
  }
  for (const file of allRuleFiles(config)) {
    tree[FILES.rules(file.file)] = renderRuleFile(file, options);
  }
  tree[FILES.alertmanager] = yamlFile(renderAlertmanagerConfig(config, options));
  if (config.slack.enabled) tree[FILES.slackTemplates] = slackTemplates(grafanaUrl(topology));
  tree[FILES.objstore] = yamlFile(renderObjstoreConfig(config));
  tree[FILES.queryEndpoints] = yamlFile(renderQueryEndpoints(config, topology));
  tree[FILES.rulerAlertmanagers] = yamlFile(renderRulerAlertmanagers(topology));
  tree[FILES.rulerQuery] = yamlFile(renderRulerQuery(topology));
  tree[`${FILES.grafanaProvisioning}/datasources/fleetwatch.yml`] = yamlFile(
    renderDatasources(config, topology),
  );
  tree[`${FILES.grafanaProvisioning}/dashboards/fleetwatch.yml`] = yamlFile(
    renderDashboardProvider(options.configRoot),
  );
  tree[`${FILES.grafanaProvisioning}/plugins/fleetwatch.yml`] = yamlFile(renderPluginProvider());
  tree[`${FILES.grafanaProvisioning}/alerting/fleetwatch.yml`] = yamlFile(renderAlertingProvider());
  tree[`${FILES.grafanaDashboards}/fleet-overview.json`] = jsonFile(
    fleetOverview({ prometheusMemoryBytes: sizeBytes(config.tasks.prometheus.memory) ?? 0 }),
  );
  tree[`${FILES.grafanaDashboards}/node-detail.json`] = jsonFile(nodeDetail());
  tree[`${FILES.grafanaDashboards}/thanos-health.json`] = jsonFile(thanosHealth());
  return tree;
}
