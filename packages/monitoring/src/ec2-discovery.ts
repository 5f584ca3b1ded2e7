import type { ResolvedConfig } from "@fleetwatch/config";
import {
  type AccountRegion,
  discoveryMembers,
  groupCoverage,
  type MemberAccountRef,
  memberRoleArn,
} from "./accounts.js";
import { ACCOUNT_LABELS, JOBS } from "./jobs.js";
import type { ResolvedOptions } from "./options.js";
import type { PrometheusReplica } from "./topology.js";

type Group = ResolvedConfig["scrapeGroups"][number];

/** A tag key as Prometheus names its meta label: `fleetwatch:scrape` -> `__meta_ec2_tag_fleetwatch_scrape`. */
export function ec2TagLabel(tagKey: string): string {
  return `__meta_ec2_tag_${tagKey.replace(/[^a-zA-Z0-9_]/g, "_")}`;
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
 * The `node` scrape job of one shard of a group: one `ec2_sd_configs` entry per account x region the group covers
 * (the home account with the task role's own credentials, each member account through its member role's
 * `role_arn`), relabeled to fleetwatch's labels and, with several shards, to the shard's instances.
 */
export function nodeScrapeConfig(
  config: ResolvedConfig,
  group: Group,
  shard: Pick<PrometheusReplica, "shard" | "shards">,
  options: ResolvedOptions,
) {
  const interval = options.testing.interval;
  const port = config.nodeExporter.port;
  const members = discoveryMembers(config, options.memberAccounts);
  const { pairs } = groupCoverage(config, group, members, options.homeAccountId);
  return {
    job_name: JOBS.node,
    scrape_interval: interval ?? group.scrapeInterval,
    ec2_sd_configs: pairs.map((pair) => ({
      region: pair.region,
      ...(options.ec2Endpoint ? { endpoint: options.ec2Endpoint } : {}),
      ...(pair.account.kind === "member" ? { role_arn: memberRoleArn(config, pair.account.id) } : {}),
      port,
      refresh_interval: interval ?? "60s",
      filters: ec2Filters(config, group),
    })),
    relabel_configs: [
      ...nodeRelabelConfigs(config, group, port),
      ...accountNameRelabelConfigs(namedAccounts(pairs)),
      ...shardRelabelConfigs(shard),
    ],
  };
}

/** The named member accounts among a group's pairs, once each. */
function namedAccounts(pairs: readonly AccountRegion[]): MemberAccountRef[] {
  const named = new Map<string, string>();
  for (const { account } of pairs)
    if (account.kind === "member" && account.name) named.set(account.id, account.name);
  return [...named].map(([id, name]) => ({ id, name }));
}

/**
 * The `account` label of a named member's targets: one `replace` per account, matching the owner id EC2 reports
 * for the instance's reservation. `$` is doubled: a replacement expands `$1`, and an Organization's account name
 * is free text.
 */
function accountNameRelabelConfigs(accounts: readonly MemberAccountRef[]) {
  return accounts.map((account) => ({
    source_labels: [OWNER_ID_LABEL],
    regex: account.id,
    target_label: ACCOUNT_LABELS.name,
    replacement: (account.name ?? "").replaceAll("$", "$$$$"),
  }));
}

/** The meta label EC2 discovery sets to the account that owns the instance's reservation. */
export const OWNER_ID_LABEL = "__meta_ec2_owner_id";

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
    copy(OWNER_ID_LABEL, ACCOUNT_LABELS.id),
  ];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
