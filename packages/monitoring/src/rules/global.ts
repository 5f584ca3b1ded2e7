import type { ResolvedConfig } from "@fleetwatch/config";
import { JOBS, LABELS } from "../jobs.js";
import type { RuleFile } from "./alert.js";

const PROM = `job="${JOBS.prometheus}"`;

/** Rules the Thanos Ruler evaluates across groups, over deduplicated data. */
export function globalRules(config: ResolvedConfig): RuleFile {
  const groupDown = config.scrapeGroups
    .map((group) => `absent(up{${PROM},${LABELS.group}="${group.name}"})`)
    .join(" or ");
  // A shard scrapes only its own replicas: a shard with none left reporting is absent, like a group.
  const shardDown = config.scrapeGroups
    .flatMap((group) =>
      group.shards === 1
        ? []
        : Array.from(
            { length: group.shards },
            (_, shard) => `absent(up{${PROM},${LABELS.group}="${group.name}",${LABELS.shard}="${shard}"})`,
          ),
    )
    .join(" or ");
  const byShard = `${LABELS.group}, ${LABELS.shard}`;
  return {
    file: "global.yml",
    group: "fleetwatch-global",
    rules: [
      {
        alert: "PrometheusReplicaDown",
        expr: `(up{${PROM}} == 0) and on (${byShard}) (max by (${byShard}) (up{${PROM}}) == 1)`,
        for: "10m",
        severity: "warning",
        summary: "{{ $labels.service }} is down while its partner in {{ $labels.fleetwatch_group }} is up",
        description:
          "Group {{ $labels.fleetwatch_group }}{{ with $labels.fleetwatch_shard }} (shard {{ . }}){{ end }} is scraped by one replica only: no high availability, and the down replica's recent data is missing from the bucket.",
      },
      {
        alert: "PrometheusGroupDown",
        expr: groupDown,
        for: "5m",
        severity: "critical",
        summary: "No Prometheus of scrape group {{ $labels.fleetwatch_group }} reports",
        description:
          "No replica of the group is reachable through Thanos Query: its instances are not monitored and none of its alerts can fire.",
      },
      ...(shardDown === ""
        ? []
        : [
            {
              alert: "PrometheusShardDown",
              expr: shardDown,
              for: "5m" as const,
              severity: "critical" as const,
              summary:
                "No Prometheus of shard {{ $labels.fleetwatch_shard }} of scrape group {{ $labels.fleetwatch_group }} reports",
              description:
                "No replica of the shard is reachable through Thanos Query: the group's instances that hash to this shard are not monitored.",
            },
          ]),
    ],
  };
}
