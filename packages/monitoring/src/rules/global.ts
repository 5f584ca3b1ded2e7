import type { ResolvedConfig } from "@fleetwatch/config";
import { JOBS } from "../jobs.js";
import type { RuleFile } from "./alert.js";

const PROM = `job="${JOBS.prometheus}"`;

/** Rules the Thanos Ruler evaluates across groups, over deduplicated data. */
export function globalRules(config: ResolvedConfig): RuleFile {
  const groupDown = config.scrapeGroups
    .map((group) => `absent(up{${PROM},fleetwatch_group="${group.name}"})`)
    .join(" or ");
  return {
    file: "global.yml",
    group: "fleetwatch-global",
    rules: [
      {
        alert: "PrometheusReplicaDown",
        expr: `(up{${PROM}} == 0) and on (fleetwatch_group) (max by (fleetwatch_group) (up{${PROM}}) == 1)`,
        for: "10m",
        severity: "warning",
        summary: "{{ $labels.service }} is down while its partner in {{ $labels.fleetwatch_group }} is up",
        description:
          "Group {{ $labels.fleetwatch_group }} is scraped by one replica only: no high availability, and the down replica's recent data is missing from the bucket.",
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
    ],
  };
}
