import type { ResolvedConfig } from "@fleetwatch/config";
import { renderAlertmanagerConfig } from "./alertmanager.js";
import { fleetOverview } from "./grafana/fleet-overview.js";
import { nodeDetail } from "./grafana/node-detail.js";
import { renderDashboardProvider, renderDatasources } from "./grafana/provisioning.js";
import { thanosHealth } from "./grafana/thanos-health.js";
import { type RenderOptions, resolveOptions } from "./options.js";
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
    tree[`${replica.dir}/prometheus.yml`] = yamlFile(
      renderPrometheusConfig(config, topology, replica, options),
    );
  }
  for (const file of allRuleFiles(config)) {
    tree[`rules/${file.file}`] = renderRuleFile(file, options);
  }
  tree["alertmanager/alertmanager.yml"] = yamlFile(renderAlertmanagerConfig(config, options));
  if (config.slack.enabled) tree["alertmanager/templates/slack.tmpl"] = slackTemplates(grafanaUrl(topology));
  tree["thanos/objstore.yml"] = yamlFile(renderObjstoreConfig(config));
  tree["thanos/query-endpoints.yml"] = yamlFile(renderQueryEndpoints(config, topology));
  tree["thanos/ruler-alertmanagers.yml"] = yamlFile(renderRulerAlertmanagers(topology));
  tree["thanos/ruler-query.yml"] = yamlFile(renderRulerQuery(topology));
  tree["grafana/provisioning/datasources/fleetwatch.yml"] = yamlFile(renderDatasources(config, topology));
  tree["grafana/provisioning/dashboards/fleetwatch.yml"] = yamlFile(
    renderDashboardProvider(options.configRoot),
  );
  tree["grafana/dashboards/fleet-overview.json"] = jsonFile(fleetOverview());
  tree["grafana/dashboards/node-detail.json"] = jsonFile(nodeDetail());
  tree["grafana/dashboards/thanos-health.json"] = jsonFile(thanosHealth());
  return tree;
}
