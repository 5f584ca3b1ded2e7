import { JOBS } from "../jobs.js";
import { dashboard, labelVariable } from "./panels.js";
import { DASHBOARD_UIDS } from "./uids.js";

const NODES = `up{job="${JOBS.node}",fleetwatch_group=~"$group"}`;
const SD = `job="${JOBS.prometheus}",fleetwatch_group=~"$group"`;

/** Fleet overview: instances per group, up ratio, discovery state. */
export function fleetOverview() {
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
