import type { ResolvedConfig } from "@fleetwatch/config";
import { JOBS } from "./jobs.js";
import type { ResolvedOptions } from "./options.js";

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

/** The `node` scrape job of a group: one `ec2_sd_configs` entry per region, relabeled to fleetwatch's labels. */
export function nodeScrapeConfig(config: ResolvedConfig, group: Group, options: ResolvedOptions) {
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
    relabel_configs: nodeRelabelConfigs(config, group, port),
  };
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
