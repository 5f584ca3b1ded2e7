import { JOBS } from "../jobs.js";
import { dashboard, labelVariable } from "./panels.js";
import { DASHBOARD_UIDS } from "./uids.js";

const NODES = `up{job="${JOBS.node}",fleetwatch_group=~"$group"}`;
const SD = `job="${JOBS.prometheus}",fleetwatch_group=~"$group"`;
/** One series per Prometheus replica (its `service`), the copies its group's replicas scraped merged. */
const perShard = (metric: string) => `max by (service) (${metric}{job="${JOBS.prometheus}"})`;

/**
 * Fleet overview: instances per group, up ratio, discovery state, and the size of every shard (head series, and
 * resident memory as a share of `prometheusMemoryBytes`, the Prometheus task's memory, when given).
 */
export function fleetOverview(options: { prometheusMemoryBytes?: number } = {}) {
  const memory = options.prometheusMemoryBytes;
  return dashboard({
    uid: DASHBOARD_UIDS.fleetOverview,
    title: "fleetwatch / Fleet overview",
    description:
      "Instances discovered through EC2 tags, per scrape group: how many, how many answer, what discovery sees.",
    variables: [
      labelVariable("group", "Scrape group", `label_values(up{job="${JOBS.node}"}, fleetwatch_group)`, {
        multi: true,
      }),
    ],
    panels: [
      {
        title: "Instances scraped",
        type: "stat",
        width: 6,
        height: 4,
        queries: [{ expr: `count(${NODES})` }],
      },
      {
        title: "Up ratio",
        type: "stat",
        width: 6,
        height: 4,
        unit: "percentunit",
        queries: [{ expr: `avg(${NODES})` }],
      },
      {
        title: "Instances down",
        type: "stat",
        width: 6,
        height: 4,
        queries: [{ expr: `count(${NODES} == 0) or vector(0)` }],
      },
      {
        title: "Discovered by EC2 (onboarded, running)",
        type: "stat",
        width: 6,
        height: 4,
        description:
          "Targets the EC2 discovery returns: running instances carrying the scrape and group tags.",
        queries: [
          {
            expr: `max by (fleetwatch_group) (prometheus_sd_discovered_targets{${SD},config="${JOBS.node}"})`,
          },
        ],
      },
      {
        title: "Instances per group",
        type: "timeseries",
        queries: [{ expr: `count by (fleetwatch_group) (${NODES})`, legend: "{{fleetwatch_group}}" }],
      },
      {
        title: "Up ratio per group",
        type: "timeseries",
        unit: "percentunit",
        queries: [{ expr: `avg by (fleetwatch_group) (${NODES})`, legend: "{{fleetwatch_group}}" }],
      },
      {
        title: "Instances per region and type",
        type: "timeseries",
        queries: [
          { expr: `count by (region) (${NODES})`, legend: "{{region}}" },
          { expr: `count by (instance_type) (${NODES})`, legend: "{{instance_type}}" },
        ],
      },
      {
        title: "EC2 discovery failures",
        type: "timeseries",
        description: "DescribeInstances failures: throttling, IAM, or no route to the EC2 endpoint.",
        queries: [
          {
            expr: `sum by (fleetwatch_group) (rate(prometheus_sd_refresh_failures_total{${SD},mechanism="ec2"}[$__rate_interval]))`,
            legend: "{{fleetwatch_group}}",
          },
        ],
      },
      {
        title: "Series per shard",
        type: "timeseries",
        description:
          "Head series of every Prometheus replica: a shard growing apart from the others, or all of them nearing what their memory holds, calls for more shards (scrapeGroups[].shards).",
        queries: [{ expr: perShard("prometheus_tsdb_head_series"), legend: "{{service}}" }],
      },
      memory
        ? {
            title: "Memory per shard (share of task memory)",
            type: "timeseries",
            unit: "percentunit",
            description:
              "Resident memory of every Prometheus replica over its task's memory (tasks.prometheus.memory): the audit warns at 80%, is critical at 95%.",
            queries: [
              { expr: `${perShard("process_resident_memory_bytes")} / ${memory}`, legend: "{{service}}" },
            ],
          }
        : {
            title: "Memory per shard",
            type: "timeseries",
            unit: "bytes",
            queries: [{ expr: perShard("process_resident_memory_bytes"), legend: "{{service}}" }],
          },
      {
        title: "Instances down",
        type: "table",
        width: 24,
        queries: [{ expr: `${NODES} == 0` }],
      },
      {
        title: "All instances",
        type: "table",
        width: 24,
        height: 12,
        queries: [{ expr: NODES }],
      },
    ],
  });
}
