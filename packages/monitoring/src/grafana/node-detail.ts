import { JOBS } from "../jobs.js";
import { dashboard, labelVariable } from "./panels.js";
import { DASHBOARD_UIDS } from "./uids.js";

const NODE = `job="${JOBS.node}",fleetwatch_group=~"$group",instance="$instance"`;
const FS = `${NODE},fstype!~"tmpfs|ramfs|squashfs|overlay|iso9660|nsfs|fuse.*"`;

/** Node detail: one instance's CPU, memory, disk, network and load. */
export function nodeDetail() {
  return dashboard({
    uid: DASHBOARD_UIDS.nodeDetail,
    title: "fleetwatch / Node detail",
    description: "One instance, from its node_exporter.",
    variables: [
      labelVariable("group", "Scrape group", `label_values(up{job="${JOBS.node}"}, fleetwatch_group)`, {
        multi: true,
      }),
      labelVariable(
        "instance",
        "Instance",
        `label_values(up{job="${JOBS.node}",fleetwatch_group=~"$group"}, instance)`,
        { multi: false },
      ),
    ],
    panels: [
      {
        title: "Up",
        type: "stat",
        width: 6,
        height: 4,
        queries: [{ expr: `up{${NODE}}`, legend: "{{instance_id}} {{instance_type}} {{availability_zone}}" }],
      },
      {
        title: "CPU busy",
        type: "stat",
        width: 6,
        height: 4,
        unit: "percentunit",
        queries: [{ expr: `1 - avg(rate(node_cpu_seconds_total{${NODE},mode="idle"}[$__rate_interval]))` }],
      },
      {
        title: "Memory used",
        type: "stat",
        width: 6,
        height: 4,
        unit: "percentunit",
        queries: [
          { expr: `1 - node_memory_MemAvailable_bytes{${NODE}} / node_memory_MemTotal_bytes{${NODE}}` },
        ],
      },
      {
        title: "Uptime",
        type: "stat",
        width: 6,
        height: 4,
        unit: "s",
        queries: [{ expr: `time() - node_boot_time_seconds{${NODE}}` }],
      },
      {
        title: "CPU by mode",
        type: "timeseries",
        unit: "percentunit",
        queries: [
          {
            expr: `sum by (mode) (rate(node_cpu_seconds_total{${NODE},mode!="idle"}[$__rate_interval])) / scalar(count(node_cpu_seconds_total{${NODE},mode="idle"}))`,
            legend: "{{mode}}",
          },
        ],
      },
      {
        title: "Load per CPU",
        type: "timeseries",
        queries: ["1", "5", "15"].map((minutes) => ({
          expr: `node_load${minutes}{${NODE}} / scalar(count(node_cpu_seconds_total{${NODE},mode="idle"}))`,
          legend: `${minutes}m`,
        })),
      },
      {
        title: "Memory",
        type: "timeseries",
        unit: "bytes",
        queries: [
          { expr: `node_memory_MemTotal_bytes{${NODE}}`, legend: "total" },
          {
            expr: `node_memory_MemTotal_bytes{${NODE}} - node_memory_MemAvailable_bytes{${NODE}}`,
            legend: "used",
          },
          { expr: `node_memory_Cached_bytes{${NODE}} + node_memory_Buffers_bytes{${NODE}}`, legend: "cache" },
        ],
      },
      {
        title: "Disk space used",
        type: "timeseries",
        unit: "percentunit",
        queries: [
          {
            expr: `1 - node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}}`,
            legend: "{{mountpoint}}",
          },
        ],
      },
      {
        title: "Disk I/O",
        type: "timeseries",
        unit: "Bps",
        queries: [
          { expr: `rate(node_disk_read_bytes_total{${NODE}}[$__rate_interval])`, legend: "{{device}} read" },
          {
            expr: `rate(node_disk_written_bytes_total{${NODE}}[$__rate_interval])`,
            legend: "{{device}} written",
          },
        ],
      },
      {
        title: "Network",
        type: "timeseries",
        unit: "bps",
        queries: [
          {
            expr: `rate(node_network_receive_bytes_total{${NODE},device!="lo"}[$__rate_interval]) * 8`,
            legend: "{{device}} in",
          },
          {
            expr: `rate(node_network_transmit_bytes_total{${NODE},device!="lo"}[$__rate_interval]) * 8`,
            legend: "{{device}} out",
          },
        ],
      },
      {
        title: "Clock offset",
        type: "timeseries",
        unit: "s",
        queries: [{ expr: `node_timex_offset_seconds{${NODE}}`, legend: "offset" }],
      },
    ],
  });
}
