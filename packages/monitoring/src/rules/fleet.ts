import { JOBS } from "../jobs.js";
import type { RuleFile } from "./alert.js";

/** Alerts about the fleet as discovery sees it. */
export function fleetRules(nodeExporterPort: number): RuleFile {
  return {
    file: "fleet.yml",
    group: "fleetwatch-fleet",
    rules: [
      {
        alert: "FleetTargetDown",
        expr: `max_over_time(up{job="${JOBS.node}"}[10m]) == 0`,
        for: "1m",
        severity: "critical",
        summary:
          "{{ $labels.instance }} ({{ $labels.instance_id }}) is tagged for scraping but unreachable for 10 minutes",
        description: `{{ $labels.instance_id }} in {{ $labels.vpc_id }} of account {{ $labels.account_id }}{{ with $labels.account }} ({{ . }}){{ end }} carries the scrape tag, yet no scrape succeeded for 10 minutes. Most often its security group does not admit TCP ${nodeExporterPort} from the Prometheus tasks, node_exporter is not running, or (in a member account) no route leads from fleetwatch's VPC to its VPC (Transit Gateway or peering).`,
      },
      {
        alert: "FleetGroupHasNoTargets",
        expr: `absent(up{job="${JOBS.node}"})`,
        for: "15m",
        severity: "info",
        summary:
          "Scrape group {{ $externalLabels.fleetwatch_group }}{{ with $externalLabels.fleetwatch_shard }} (shard {{ . }}){{ end }} discovers no instances",
        description:
          "EC2 discovery returns no running instance tagged for this group in any of its regions: nothing is onboarded yet, the selector matches nothing, or discovery fails. A shard of a group with fewer instances than shards may hold none.",
      },
    ],
  };
}
