import { JOBS } from "../jobs.js";
import type { RuleFile } from "./alert.js";

const NODE = `job="${JOBS.node}"`;
/** Real, writable filesystems: no pseudo or image filesystems. */
const FS = `${NODE},fstype!~"tmpfs|ramfs|squashfs|overlay|iso9660|nsfs|fuse.*"`;

/** Alerts about one instance's health, from its node_exporter. */
export const NODE_RULES: RuleFile = {
  file: "node.yml",
  group: "fleetwatch-node",
  rules: [
    {
      alert: "NodeTargetDown",
      expr: `up{${NODE}} == 0`,
      for: "3m",
      severity: "warning",
      summary: "node_exporter on {{ $labels.instance }} ({{ $labels.instance_id }}) does not answer",
      description:
        "Prometheus cannot scrape {{ $labels.instance_id }} in {{ $labels.region }} ({{ $labels.availability_zone }}): the instance is overloaded or rebooting, node_exporter stopped, or the network path broke.",
    },
    {
      alert: "NodeFilesystemPredictedFull",
      expr: `(node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < 40) and predict_linear(node_filesystem_avail_bytes{${FS}}[6h], 24 * 3600) < 0 and node_filesystem_readonly{${FS}} == 0`,
      for: "1h",
      severity: "warning",
      summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} will be full within 24h",
      description:
        'At the growth rate of the last 6h, {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} runs out of space within a day; {{ printf "%.1f" $value }} bytes are predicted free.',
    },
    {
      alert: "NodeFilesystemAlmostFull",
      expr: `(node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < 5) and node_filesystem_readonly{${FS}} == 0`,
      for: "15m",
      severity: "critical",
      summary:
        '{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ printf "%.1f" $value }}% space left',
      description:
        "{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} is almost full; writes will fail soon.",
    },
    {
      alert: "NodeFilesystemReadOnly",
      expr: `node_filesystem_readonly{${FS},mountpoint!~"/boot.*"} == 1`,
      for: "5m",
      severity: "critical",
      summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} is read-only",
      description:
        "{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} was remounted read-only, usually after I/O errors on an EBS volume.",
    },
    {
      alert: "NodeMemoryPressure",
      expr: `node_memory_MemAvailable_bytes{${NODE}} / node_memory_MemTotal_bytes{${NODE}} * 100 < 5`,
      for: "15m",
      severity: "warning",
      summary: '{{ $labels.instance }} has {{ printf "%.1f" $value }}% memory available',
      description:
        "Less than 5% of the memory of {{ $labels.instance }} ({{ $labels.instance_type }}) is available for 15 minutes: the OOM killer is near.",
    },
    {
      alert: "NodeHighLoad",
      expr: `node_load15{${NODE}} / count without (cpu, mode) (node_cpu_seconds_total{${NODE},mode="idle"}) > 2`,
      for: "30m",
      severity: "warning",
      summary: '{{ $labels.instance }} has a 15m load of {{ printf "%.1f" $value }} per CPU',
      description:
        "The 15-minute load average of {{ $labels.instance }} ({{ $labels.instance_type }}) is above twice its CPU count for 30 minutes: processes wait for CPU or I/O.",
    },
    {
      alert: "NodeClockSkew",
      expr: `(node_timex_offset_seconds{${NODE}} > 0.05 and deriv(node_timex_offset_seconds{${NODE}}[5m]) >= 0) or (node_timex_offset_seconds{${NODE}} < -0.05 and deriv(node_timex_offset_seconds{${NODE}}[5m]) <= 0)`,
      for: "10m",
      severity: "warning",
      summary: 'The clock of {{ $labels.instance }} is {{ printf "%.3f" $value }}s off',
      description:
        "The clock of {{ $labels.instance }} drifts more than 50ms and is not converging: chrony or the Amazon Time Sync Service is not reachable.",
    },
  ],
};
