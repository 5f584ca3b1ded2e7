import { type Duration, durationMs, type ResolvedConfig } from "@fleetwatch/config";
import { nodeScrapeConfig } from "./ec2-discovery.js";
import { LABELS, prometheusExternalLabels } from "./jobs.js";
import type { ResolvedOptions } from "./options.js";
import { groupRuleFiles, stackRuleFiles } from "./rules/index.js";
import { groupSelfScrapes, sharedScrapes } from "./stack-scrape.js";
import {
  dnsName,
  groupReplicas,
  PORTS,
  type PrometheusReplica,
  rulerReplicas,
  stackGroup,
  type Topology,
} from "./topology.js";

/** Rule files are referenced relative to `prometheus/<group>-<replica>/prometheus.yml`. */
const RULES_FROM_PROMETHEUS_DIR = "../../rules";

/** The prometheus.yml of one replica of one scrape group. Replicas of a group differ only in external labels. */
export function renderPrometheusConfig(
  config: ResolvedConfig,
  topology: Topology,
  replica: PrometheusReplica,
  options: ResolvedOptions,
) {
  const group = config.scrapeGroups.find((g) => g.name === replica.group);
  if (!group) throw new RangeError(`scrape group ${JSON.stringify(replica.group)} is not in the config`);
  // The shared services are scraped by one pair: the first shard of the first group (two shards scraping them
  // would be two streams of the same series, which Query does not deduplicate).
  const watchesStack = stackGroup(config) === group.name && replica.shard === 0;
  const interval = options.testing.interval ?? group.scrapeInterval;
  const ruleFiles = [...groupRuleFiles(config), ...(watchesStack ? stackRuleFiles() : [])];
  return {
    global: {
      scrape_interval: interval,
      scrape_timeout: scrapeTimeout(interval),
      evaluation_interval: options.testing.interval ?? "30s",
      external_labels: prometheusExternalLabels(replica),
    },
    alerting: {
      // Both replicas send the same alerts: without their replica label Alertmanager sees one alert.
      alert_relabel_configs: [{ action: "labeldrop", regex: LABELS.replica }],
      alertmanagers: [alertmanagersOf(topology, options)],
    },
    rule_files: ruleFiles.map((file) => `${RULES_FROM_PROMETHEUS_DIR}/${file.file}`),
    scrape_configs: [
      nodeScrapeConfig(config, group, replica, options),
      ...groupSelfScrapes(topology, shardReplicas(group, replica.shard), options),
      ...(watchesStack ? sharedScrapes(topology, rulerReplicas(config), options) : []),
    ],
  };
}

/** The replicas of one shard of a group: they scrape each other, so each reports whether its partner is up. */
function shardReplicas(group: ResolvedConfig["scrapeGroups"][number], shard: number): PrometheusReplica[] {
  return groupReplicas(group).filter((r) => r.shard === shard);
}

/**
 * Where Prometheus sends alerts: every Alertmanager replica. The Cloud Map name has one A record per running task;
 * `dns_sd_configs` turns each into a target (a `static_configs` target on the name would be one HTTP host, and
 * each request would reach one replica). Alertmanager's cluster deduplicates what they all receive.
 */
function alertmanagersOf(topology: Topology, options: ResolvedOptions) {
  const targets = options.testing.alertmanagers;
  if (targets) return { api_version: "v2", static_configs: [{ targets }] };
  return {
    api_version: "v2",
    dns_sd_configs: [
      {
        names: [dnsName(topology, "Alertmanager")],
        type: "A",
        port: PORTS.alertmanager,
        refresh_interval: "30s",
      },
    ],
  };
}

/** A scrape timeout may not exceed the interval. */
function scrapeTimeout(interval: Duration): Duration {
  return durationMs(interval) < durationMs("10s") ? interval : "10s";
}
