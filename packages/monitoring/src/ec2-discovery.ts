import type { ResolvedConfig } from "@fleetwatch/config";
import { JOBS } from "./jobs.js";
import type { ResolvedOptions } from "./options.js";
import type { PrometheusReplica } from "./topology.js";

type Group = ResolvedConfig["scrapeGroups"][number];

/** A tag key as Prometheus names its meta label: `fleetwatch:scrape` -> `__meta_ec2_tag_fleetwatch_scrape`. */
export function ec2TagLabel(tagKey: string): string {
  return `__meta_ec2_tag_${tagKey.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/** The regions a group scrapes: its own list, or every region of the config. */
export function groupRegions(config: ResolvedConfig, group: Group): string[] {
  return group.regions.length > 0 ? group.regions : config.regions;
}

/** The EC2 API filters of a group: tagged for scraping, of this group, running. Applied by EC2, server-side. */
export function ec2Filters(config: ResolvedConfig, group: Group) {
  return [
    { name: `tag:${config.tagPrefix}scrape`, values: ["true"] },
    { name: `tag:${config.tagPrefix}group`, values: [group.name] },
    { name: "instance-state-name", values: ["running"] },
  ];
}

/**
 * The `node` scrape job of one shard of a group: one `ec2_sd_configs` entry per region, relabeled to fleetwatch's
 * labels and, with several shards, to the shard's instances.
 */
export function nodeScrapeConfig(
  config: ResolvedConfig,
  group: Group,
  shard: Pick<PrometheusReplica, "shard" | "shards">,
  options: ResolvedOptions,
) {
  const interval = options.testing.interval;
  const port = config.nodeExporter.port;
  return {
    job_name: JOBS.node,
    scrape_interval: interval ?? group.scrapeInterval,
    ec2_sd_configs: groupRegions(config, group).map((region) => ({
      region,
      ...(options.ec2Endpoint ? { endpoint: options.ec2Endpoint } : {}),
      port,
      refresh_interval: interval ?? "60s",
      filters: ec2Filters(config, group),
    })),
    relabel_configs: [...nodeRelabelConfigs(config, group, port), ...shardRelabelConfigs(shard)],
  };
}

/**
 * What a target is sharded by: its instance id, which stays the same when the instance's IP changes (a stop and
 * start), so an instance stays on its shard; `__address__` (prometheus-operator's choice) would not.
 */
export const SHARD_SOURCE_LABEL = "__meta_ec2_instance_id";

/** A temporary label (dropped before the scrape, as every `__tmp` label) holding the target's hashmod. */
const SHARD_HASH_LABEL = "__tmp_fleetwatch_shard";

/**
 * Keeps the targets of one shard: Prometheus's `hashmod` (the MD5 of the instance id, its last 8 bytes as a
 * big-endian integer, modulo `shards`; {@link shardOf} computes the same) equal to the shard's index.
 * One shard keeps every target, without the hash.
 */
function shardRelabelConfigs(shard: Pick<PrometheusReplica, "shard" | "shards">) {
  if (shard.shards === 1) return [];
  return [
    {
      action: "hashmod",
      source_labels: [SHARD_SOURCE_LABEL],
      modulus: shard.shards,
      target_label: SHARD_HASH_LABEL,
    },
    { action: "keep", source_labels: [SHARD_HASH_LABEL], regex: String(shard.shard) },
  ];
}

function copy(source: string, target: string) {
  return { source_labels: [source], target_label: target };
}

/**
 * Keeps only what the filters asked for (a second line of defence if an endpoint ignores filters), then sets the
 * address from the private IP and the labels rules and dashboards use.
 */
function nodeRelabelConfigs(config: ResolvedConfig, group: Group, port: number) {
  return [
    { action: "keep", source_labels: [ec2TagLabel(`${config.tagPrefix}scrape`)], regex: "true" },
    {
      action: "keep",
      source_labels: [ec2TagLabel(`${config.tagPrefix}group`)],
      regex: escapeRegex(group.name),
    },
    { action: "keep", source_labels: ["__meta_ec2_instance_state"], regex: "running" },
    {
      source_labels: ["__meta_ec2_private_ip"],
      regex: "(.+)",
      target_label: "__address__",
      replacement: `$1:${port}`,
    },
    copy("__meta_ec2_instance_id", "instance"),
    { source_labels: [ec2TagLabel("Name")], regex: "(.+)", target_label: "instance" },
    copy("__meta_ec2_instance_id", "instance_id"),
    copy("__meta_ec2_instance_type", "instance_type"),
    copy("__meta_ec2_availability_zone", "availability_zone"),
    copy("__meta_ec2_region", "region"),
    copy("__meta_ec2_vpc_id", "vpc_id"),
  ];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
