import type { HostDimension } from "./host.js";

/**
 * The series one node_exporter collector exposes on a host: `fixed` plus, per dimension, series for each unit of
 * it (a CPU, an interface, a disk...). With `requires`, a host with none of that dimension gets no series at all.
 */
export interface CollectorSeries {
  readonly fixed: number;
  readonly per?: Partial<Record<HostDimension, number>>;
  readonly requires?: HostDimension;
}

/**
 * node_exporter's collectors enabled by default on Linux, as of 1.9.x (`collector/*_linux.go` registered with
 * `defaultEnabled`). Debian's 1.5 lacks `watchdog`; the calibration test tolerates that difference.
 */
export const NODE_EXPORTER_DEFAULT_COLLECTORS = [
  "arp",
  "bcache",
  "bonding",
  "btrfs",
  "conntrack",
  "cpu",
  "cpufreq",
  "diskstats",
  "dmi",
  "edac",
  "entropy",
  "fibrechannel",
  "filefd",
  "filesystem",
  "hwmon",
  "infiniband",
  "ipvs",
  "loadavg",
  "mdadm",
  "meminfo",
  "netclass",
  "netdev",
  "netstat",
  "nfs",
  "nfsd",
  "nvme",
  "os",
  "powersupplyclass",
  "pressure",
  "rapl",
  "schedstat",
  "selinux",
  "sockstat",
  "softnet",
  "stat",
  "tapestats",
  "textfile",
  "thermal_zone",
  "time",
  "timex",
  "udp_queues",
  "uname",
  "vmstat",
  "watchdog",
  "xfs",
  "zfs",
] as const;

const none: CollectorSeries = { fixed: 0 };

/**
 * Series per collector for node_exporter 1.9.x on an EC2 Linux guest. Fixed figures were counted on the real
 * node_exporter (test/monitoring/capacity/calibration.test.ts compares the model with the real count of the machine it
 * runs on); per-unit figures follow each collector's source (`collector/<name>_linux.go`: one series per metric
 * and per CPU, interface, device or unit). Collectors that find nothing on an EC2 guest (no bcache, bonding,
 * btrfs, Fibre Channel, InfiniBand, IPVS, md RAID, NFS, power supplies, RAPL, tapes, thermal zones, watchdog,
 * ZFS, EDAC or hwmon sensors) expose no series; each still has its 2 `node_scrape_collector_*` series.
 * A collector missing from this table (an opt-in one such as `processes`) counts {@link UNKNOWN_COLLECTOR_SERIES}.
 */
export const COLLECTOR_SERIES: Readonly<Record<string, CollectorSeries>> = {
  /** `node_arp_entries` per interface with neighbours: the ENA interface. */
  arp: { fixed: 1 },
  bcache: none,
  bonding: none,
  btrfs: none,
  /** `node_nf_conntrack_entries`, `_entries_limit` and 8 `node_nf_conntrack_stat_*` once nf_conntrack is loaded. */
  conntrack: { fixed: 10 },
  /** `node_cpu_seconds_total` (8 modes) and `node_cpu_guest_seconds_total` (2 modes) per CPU. */
  cpu: { fixed: 0, per: { cpus: 10 } },
  /** Current, min, max and scaling frequencies and governors per CPU, when the instance type has a driver. */
  cpufreq: { fixed: 0, per: { cpufreqCpus: 8 } },
  /** 16 `node_disk_*` counters and `node_disk_info` per device. */
  diskstats: { fixed: 0, per: { disks: 17 } },
  /** `node_dmi_info`. */
  dmi: { fixed: 1 },
  edac: none,
  entropy: { fixed: 2 },
  fibrechannel: none,
  filefd: { fixed: 2 },
  /** avail, free, size, files, files_free, readonly and device_error per filesystem. */
  filesystem: { fixed: 0, per: { filesystems: 7 } },
  hwmon: none,
  infiniband: none,
  ipvs: none,
  loadavg: { fixed: 3 },
  mdadm: none,
  /** One series per `/proc/meminfo` field: 54 counted on a 6.x kernel. */
  meminfo: { fixed: 54 },
  /** About 16 `node_network_*` attributes per interface from /sys/class/net (`lo` has a few less). */
  netclass: { fixed: 0, per: { networkInterfaces: 16 } },
  /** 8 receive and 8 transmit counters per interface from /proc/net/dev. */
  netdev: { fixed: 0, per: { networkInterfaces: 16 } },
  /** The default `--collector.netstat.fields` of /proc/net/netstat, snmp and snmp6: 40 counted. */
  netstat: { fixed: 40 },
  nfs: none,
  nfsd: none,
  /** `node_nvme_info` per controller. */
  nvme: { fixed: 0, per: { nvmeControllers: 1 } },
  os: { fixed: 2 },
  powersupplyclass: none,
  /** cpu waiting; io and memory waiting and stalled (PSI). */
  pressure: { fixed: 5 },
  rapl: none,
  /** running, waiting and timeslices per CPU. */
  schedstat: { fixed: 0, per: { cpus: 3 } },
  /** enabled, plus config and current mode where SELinux is on (Amazon Linux 2023: permissive). */
  selinux: { fixed: 3 },
  sockstat: { fixed: 20 },
  /**
   * processed, dropped, times_squeezed, cpu_collision, received_rps, flow_limit_count and backlog_len per CPU
   * (softnet_linux.go; Debian's 1.5 has the first 3).
   */
  softnet: { fixed: 0, per: { cpus: 7 } },
  /** intr, context switches, forks, boot time, procs running and blocked. */
  stat: { fixed: 6 },
  /**
   * `node_systemd_unit_state` for 5 states per unit, plus about 0.4 a unit for sockets (3 series each) and
   * timers (1 each); `node_systemd_units` (5), `_system_running` and `_version`. Nothing without a systemd bus.
   */
  systemd: { fixed: 7, per: { systemdUnits: 5.4 }, requires: "systemdUnits" },
  tapestats: none,
  /** `node_textfile_scrape_error`, plus one mtime per .prom file (none by default). */
  textfile: { fixed: 1 },
  thermal_zone: none,
  /** time, zone offset, and the available (2) and current clocksources. */
  time: { fixed: 5 },
  timex: { fixed: 17 },
  udp_queues: { fixed: 4 },
  uname: { fixed: 1 },
  /** The default `--collector.vmstat.fields`: oom_kill, pgpgin/out, pswpin/out, pgfault, pgmajfault. */
  vmstat: { fixed: 7 },
  watchdog: none,
  /** 32 `node_xfs_*` statistics per XFS device (xfs_linux.go: extent allocation, B-trees, block mapping, vnodes). */
  xfs: { fixed: 0, per: { xfsFilesystems: 32 } },
  zfs: none,
};

/** What an opt-in collector this table does not know is assumed to expose. */
export const UNKNOWN_COLLECTOR_SERIES: CollectorSeries = { fixed: 20 };

/** `node_scrape_collector_duration_seconds` and `node_scrape_collector_success` of every enabled collector. */
export const SCRAPE_COLLECTOR_SERIES = 2;

/**
 * The exporter's own series, whatever its collectors: Go runtime `go_*` (~38 with Go 1.23), `process_*` (10),
 * `promhttp_metric_handler_*` (6) and `node_exporter_build_info`.
 */
export const EXPORTER_SELF_SERIES = 55;

/**
 * The series Prometheus adds per target: `up`, `scrape_duration_seconds`, `scrape_samples_scraped`,
 * `scrape_samples_post_metric_relabeling` and `scrape_series_added` (without `--enable-feature=extra-scrape-metrics`).
 */
export const PROMETHEUS_TARGET_SERIES = 5;
