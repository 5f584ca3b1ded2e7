// promtool unit test cases: for every alert, series that make it fire (with the exact labels expected) and
// series that must leave it silent. rules.test.ts turns them into `promtool test rules` files.

/** One promtool input series: `metric{labels}` and its values in promtool's expanding notation. */
export interface Series {
  readonly series: string;
  readonly values: string;
}

export interface Scenario {
  /** Step of the input series. @default "1m" */
  readonly interval?: string;
  readonly series: readonly Series[];
  readonly at: string;
}

export interface AlertCase {
  readonly alert: string;
  /** The rule file under rules/ that holds it. */
  readonly file: string;
  readonly firing: Scenario & { readonly labels: Readonly<Record<string, string>>[] };
  /** Further scenarios that fire it with the same labels. */
  readonly alsoFiring?: readonly Scenario[];
  /** Further scenarios that fire it with labels of their own. */
  readonly alsoFiringWith?: readonly (Scenario & { readonly labels: Readonly<Record<string, string>>[] })[];
  /** Scenarios that must not fire it. */
  readonly quiet: readonly Scenario[];
}

const NODE_LABELS = {
  job: "node",
  instance: "web-1",
  instance_id: "i-0123456789abcdef0",
  instance_type: "t3.large",
  availability_zone: "us-east-1a",
  region: "us-east-1",
  vpc_id: "vpc-0123456789abcdef0",
  account_id: "123456789012",
};
const FS_LABELS = { ...NODE_LABELS, device: "/dev/nvme0n1p1", fstype: "ext4", mountpoint: "/" };
const PROM_B = {
  job: "prometheus",
  instance: "PrometheusDefaultB.dev.fleetwatch.sst:9090",
  service: "PrometheusDefaultB",
};
const SIDECAR_A = {
  job: "thanos-sidecar",
  instance: "PrometheusDefaultA.dev.fleetwatch.sst:10902",
  service: "PrometheusDefaultA",
};
const COMPACTOR = { job: "thanos-compact", instance: "10.0.1.17:10902", service: "ThanosCompactor" };

/** `metric{a="b",...}` */
export function series(metric: string, labels: Record<string, string>, values: string): Series {
  const inner = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",");
  return { series: `${metric}{${inner}}`, values };
}

const fs = (avail: string, readonly = "0x200", size = "100000000000x200") => [
  series("node_filesystem_avail_bytes", FS_LABELS, avail),
  series("node_filesystem_size_bytes", FS_LABELS, size),
  series("node_filesystem_readonly", FS_LABELS, readonly),
];
const cpus = (count: number) =>
  Array.from({ length: count }, (_, cpu) =>
    series("node_cpu_seconds_total", { ...NODE_LABELS, cpu: String(cpu), mode: "idle" }, "0+60x60"),
  );
const grpc = (side: "server" | "client", job: string, code: string) => [
  series(`grpc_${side}_started_total`, { job, grpc_method: "Series" }, "0+100x30"),
  series(`grpc_${side}_handled_total`, { job, grpc_method: "Series", grpc_code: code }, "0+10x30"),
];
const bucketOps = (failures: string) => [
  series("thanos_objstore_bucket_operations_total", { ...SIDECAR_A, operation: "upload" }, "0+100x30"),
  series("thanos_objstore_bucket_operation_failures_total", { ...SIDECAR_A, operation: "upload" }, failures),
];
const sidecar = (attempts: string, failures: string, started: string) => [
  series("thanos_shipper_uploads_total", SIDECAR_A, attempts),
  series("thanos_shipper_upload_failures_total", SIDECAR_A, failures),
  series("process_start_time_seconds", SIDECAR_A, started),
];
const promUp = (group: string, replica: "A" | "B", values: string) => {
  const service = `Prometheus${group === "default" ? "Default" : "Edge"}${replica}`;
  return series(
    "up",
    { job: "prometheus", fleetwatch_group: group, instance: `${service}.dev.fleetwatch.sst:9090`, service },
    values,
  );
};

/** `up` of a replica of shard `shard` of the sharded group `edge`, as its shard's replicas scrape it. */
const shardUp = (shard: number, replica: "A" | "B", values: string) => {
  const service = `PrometheusEdgeS${shard}${replica}`;
  return series(
    "up",
    {
      job: "prometheus",
      fleetwatch_group: "edge",
      fleetwatch_shard: String(shard),
      instance: `${service}.dev.fleetwatch.sst:9090`,
      service,
    },
    values,
  );
};

export const ALERT_CASES: readonly AlertCase[] = [
  {
    alert: "NodeTargetDown",
    file: "node.yml",
    firing: {
      series: [series("up", NODE_LABELS, "0x10")],
      at: "5m",
      labels: [{ ...NODE_LABELS, severity: "warning" }],
    },
    quiet: [{ series: [series("up", NODE_LABELS, "1x10")], at: "5m" }],
  },
  {
    alert: "NodeFilesystemPredictedFull",
    file: "node.yml",
    firing: {
      interval: "5m",
      series: fs("30000000000-100000000x60"),
      at: "150m",
      labels: [{ ...FS_LABELS, severity: "warning" }],
    },
    quiet: [{ interval: "5m", series: fs("30000000000x60"), at: "150m" }],
  },
  {
    alert: "NodeFilesystemAlmostFull",
    file: "node.yml",
    firing: { series: fs("3000000000x30"), at: "20m", labels: [{ ...FS_LABELS, severity: "critical" }] },
    quiet: [
      { series: fs("10000000000x30"), at: "20m" },
      { series: fs("3000000000x30", "1x30"), at: "20m" },
    ],
  },
  {
    alert: "NodeFilesystemReadOnly",
    file: "node.yml",
    firing: {
      series: fs("50000000000x20", "1x20"),
      at: "10m",
      labels: [{ ...FS_LABELS, severity: "critical" }],
    },
    quiet: [{ series: fs("50000000000x20", "0x20"), at: "10m" }],
  },
  {
    alert: "NodeMemoryPressure",
    file: "node.yml",
    firing: {
      series: [
        series("node_memory_MemAvailable_bytes", NODE_LABELS, "100000000x30"),
        series("node_memory_MemTotal_bytes", NODE_LABELS, "4000000000x30"),
      ],
      at: "20m",
      labels: [{ ...NODE_LABELS, severity: "warning" }],
    },
    quiet: [
      {
        series: [
          series("node_memory_MemAvailable_bytes", NODE_LABELS, "2000000000x30"),
          series("node_memory_MemTotal_bytes", NODE_LABELS, "4000000000x30"),
        ],
        at: "20m",
      },
    ],
  },
  {
    alert: "NodeHighLoad",
    file: "node.yml",
    firing: {
      series: [series("node_load15", NODE_LABELS, "9x60"), ...cpus(4)],
      at: "35m",
      labels: [{ ...NODE_LABELS, severity: "warning" }],
    },
    quiet: [{ series: [series("node_load15", NODE_LABELS, "7x60"), ...cpus(4)], at: "35m" }],
  },
  {
    alert: "NodeClockSkew",
    file: "node.yml",
    firing: {
      series: [series("node_timex_offset_seconds", NODE_LABELS, "0.1x30")],
      at: "15m",
      labels: [{ ...NODE_LABELS, severity: "warning" }],
    },
    quiet: [
      { series: [series("node_timex_offset_seconds", NODE_LABELS, "0.01x30")], at: "15m" },
      { series: [series("node_timex_offset_seconds", NODE_LABELS, "-0.01x30")], at: "15m" },
    ],
  },
  {
    alert: "FleetTargetDown",
    file: "fleet.yml",
    firing: {
      series: [series("up", NODE_LABELS, "0x20")],
      at: "15m",
      labels: [{ ...NODE_LABELS, severity: "critical" }],
    },
    // Down for 7 minutes: NodeTargetDown's business, not yet the fleet's.
    quiet: [{ series: [series("up", NODE_LABELS, "1 1 1 1 1 0x10")], at: "12m" }],
  },
  {
    alert: "FleetGroupHasNoTargets",
    file: "fleet.yml",
    firing: {
      series: [series("up", PROM_B, "1x30")],
      at: "20m",
      labels: [{ job: "node", severity: "info" }],
    },
    quiet: [{ series: [series("up", NODE_LABELS, "0x30")], at: "20m" }],
  },
  {
    alert: "ThanosCompactHalted",
    file: "thanos.yml",
    firing: {
      series: [series("thanos_compact_halted", COMPACTOR, "1x10")],
      at: "6m",
      labels: [{ ...COMPACTOR, severity: "critical" }],
    },
    quiet: [{ series: [series("thanos_compact_halted", COMPACTOR, "0x10")], at: "6m" }],
  },
  {
    alert: "ThanosCompactDown",
    file: "thanos.yml",
    firing: { series: [series("up", COMPACTOR, "0x20")], at: "16m", labels: [{ severity: "critical" }] },
    quiet: [{ series: [series("up", COMPACTOR, "1x20")], at: "16m" }],
  },
  {
    alert: "ThanosCompactMultipleRunning",
    file: "thanos.yml",
    firing: {
      series: [
        series("up", COMPACTOR, "1x10"),
        series("up", { ...COMPACTOR, instance: "10.0.2.9:10902" }, "1x10"),
      ],
      at: "6m",
      labels: [{ severity: "critical" }],
    },
    quiet: [{ series: [series("up", COMPACTOR, "1x10")], at: "6m" }],
  },
  {
    alert: "ThanosCompactHighCompactionFailures",
    file: "thanos.yml",
    firing: {
      series: [
        series("thanos_compact_group_compactions_total", { ...COMPACTOR, resolution: "0" }, "0+10x30"),
        series(
          "thanos_compact_group_compactions_failures_total",
          { ...COMPACTOR, resolution: "0" },
          "0+1x30",
        ),
      ],
      at: "25m",
      labels: [{ severity: "warning" }],
    },
    quiet: [
      {
        series: [
          series("thanos_compact_group_compactions_total", { ...COMPACTOR, resolution: "0" }, "0+10x30"),
          series(
            "thanos_compact_group_compactions_failures_total",
            { ...COMPACTOR, resolution: "0" },
            "0x30",
          ),
        ],
        at: "25m",
      },
    ],
  },
  {
    alert: "ThanosBucketHighOperationFailures",
    file: "thanos-bucket.yml",
    firing: {
      series: bucketOps("0+10x30"),
      at: "25m",
      labels: [{ job: SIDECAR_A.job, service: SIDECAR_A.service, severity: "warning" }],
    },
    quiet: [{ series: bucketOps("0+1x30"), at: "25m" }],
  },
  {
    alert: "ThanosStoreGrpcErrorRate",
    file: "thanos.yml",
    firing: {
      series: grpc("server", "thanos-store", "Unavailable"),
      at: "15m",
      labels: [{ severity: "warning" }],
    },
    quiet: [
      { series: grpc("server", "thanos-store", "OK"), at: "15m" },
      { series: grpc("server", "thanos-store", "NotFound"), at: "15m" },
    ],
  },
  {
    alert: "ThanosQueryGrpcClientErrorRate",
    file: "thanos.yml",
    firing: {
      series: grpc("client", "thanos-query", "Unavailable"),
      at: "15m",
      labels: [{ severity: "warning" }],
    },
    quiet: [{ series: grpc("client", "thanos-query", "OK"), at: "15m" }],
  },
  {
    alert: "ThanosSidecarNoUploads",
    file: "thanos-bucket.yml",
    firing: {
      interval: "5m",
      series: sidecar("5x120", "0x120", "0x120"),
      at: "8h",
      labels: [{ ...SIDECAR_A, severity: "critical" }],
    },
    // Every attempt fails: attempts grow, uploads do not.
    alsoFiring: [{ interval: "5m", series: sidecar("0+1x120", "0+1x120", "0x120"), at: "8h" }],
    quiet: [
      { interval: "5m", series: sidecar("0+1x120", "0x120", "0x120"), at: "8h" },
      // Restarted an hour ago: its first block is not due yet.
      { interval: "5m", series: sidecar("0x120", "0x120", "25200x120"), at: "8h" },
    ],
  },
  {
    alert: "PrometheusConfigReloadFailed",
    file: "prometheus.yml",
    firing: {
      series: [series("prometheus_config_last_reload_successful", PROM_B, "0x20")],
      at: "15m",
      labels: [{ ...PROM_B, severity: "warning" }],
    },
    quiet: [{ series: [series("prometheus_config_last_reload_successful", PROM_B, "1x20")], at: "15m" }],
  },
  {
    alert: "PrometheusTSDBCompactionsFailing",
    file: "prometheus.yml",
    firing: {
      interval: "10m",
      series: [series("prometheus_tsdb_compactions_failed_total", PROM_B, "0+1x60")],
      at: "8h",
      labels: [{ ...PROM_B, severity: "warning" }],
    },
    quiet: [
      {
        interval: "10m",
        series: [series("prometheus_tsdb_compactions_failed_total", PROM_B, "0x60")],
        at: "8h",
      },
    ],
  },
  {
    alert: "PrometheusTSDBWALErrors",
    file: "prometheus.yml",
    firing: {
      series: [
        series("prometheus_tsdb_wal_corruptions_total", PROM_B, "0 0 1x20"),
        series("prometheus_tsdb_wal_writes_failed_total", PROM_B, "0x20"),
      ],
      at: "10m",
      labels: [{ ...PROM_B, severity: "critical" }],
    },
    quiet: [
      {
        series: [
          series("prometheus_tsdb_wal_corruptions_total", PROM_B, "0x20"),
          series("prometheus_tsdb_wal_writes_failed_total", PROM_B, "0x20"),
        ],
        at: "10m",
      },
    ],
  },
  {
    alert: "PrometheusRuleEvaluationFailures",
    file: "prometheus.yml",
    firing: {
      series: [
        series(
          "prometheus_rule_evaluation_failures_total",
          { ...PROM_B, rule_group: "node.yml;fleetwatch-node" },
          "0+1x30",
        ),
      ],
      at: "20m",
      labels: [{ ...PROM_B, rule_group: "node.yml;fleetwatch-node", severity: "critical" }],
    },
    quiet: [
      {
        series: [
          series(
            "prometheus_rule_evaluation_failures_total",
            { ...PROM_B, rule_group: "node.yml;fleetwatch-node" },
            "0x30",
          ),
        ],
        at: "20m",
      },
    ],
  },
  {
    alert: "PrometheusEC2DiscoveryErrors",
    file: "prometheus.yml",
    firing: {
      series: [series("prometheus_sd_refresh_failures_total", { ...PROM_B, mechanism: "ec2" }, "0+1x30")],
      at: "20m",
      labels: [{ ...PROM_B, mechanism: "ec2", severity: "warning" }],
    },
    quiet: [
      {
        series: [series("prometheus_sd_refresh_failures_total", { ...PROM_B, mechanism: "ec2" }, "0x30")],
        at: "20m",
      },
      {
        series: [series("prometheus_sd_refresh_failures_total", { ...PROM_B, mechanism: "dns" }, "0+1x30")],
        at: "20m",
      },
    ],
  },
  {
    alert: "MonitoringTargetDown",
    file: "prometheus.yml",
    firing: {
      series: [
        series(
          "up",
          { job: "thanos-store", instance: "ThanosStore.dev.fleetwatch.sst:10902", service: "ThanosStore" },
          "0x10",
        ),
      ],
      at: "6m",
      labels: [
        {
          job: "thanos-store",
          instance: "ThanosStore.dev.fleetwatch.sst:10902",
          service: "ThanosStore",
          severity: "warning",
        },
      ],
    },
    // A node target is the fleet's alert, not the stack's.
    quiet: [{ series: [series("up", NODE_LABELS, "0x10")], at: "6m" }],
  },
  {
    alert: "PrometheusReplicaDown",
    file: "global.yml",
    firing: {
      series: [promUp("default", "A", "0x20"), promUp("default", "B", "1x20"), shardUp(0, "A", "1x20")],
      at: "15m",
      labels: [
        {
          job: "prometheus",
          fleetwatch_group: "default",
          instance: "PrometheusDefaultA.dev.fleetwatch.sst:9090",
          service: "PrometheusDefaultA",
          severity: "warning",
        },
      ],
    },
    // In a sharded group the partner is the other replica of the same shard, not any replica of the group.
    alsoFiringWith: [
      {
        series: [
          shardUp(0, "A", "1x20"),
          shardUp(0, "B", "1x20"),
          shardUp(1, "A", "1x20"),
          shardUp(1, "B", "0x20"),
        ],
        at: "15m",
        labels: [
          {
            job: "prometheus",
            fleetwatch_group: "edge",
            fleetwatch_shard: "1",
            instance: "PrometheusEdgeS1B.dev.fleetwatch.sst:9090",
            service: "PrometheusEdgeS1B",
            severity: "warning",
          },
        ],
      },
    ],
    // Both down is PrometheusGroupDown's case; a down replica of another group with no partner up neither.
    quiet: [
      {
        series: [promUp("default", "A", "1x20"), promUp("default", "B", "1x20"), shardUp(0, "A", "1x20")],
        at: "15m",
      },
      // A replica down whose shard partner is down too: PrometheusShardDown's case (its own shard reports it,
      // another shard's replica being up is no partner).
      {
        series: [
          promUp("default", "A", "1x20"),
          shardUp(0, "A", "1x20"),
          shardUp(1, "A", "0x20"),
          shardUp(1, "B", "0x20"),
        ],
        at: "15m",
      },
    ],
  },
  {
    alert: "PrometheusGroupDown",
    file: "global.yml",
    firing: {
      series: [promUp("default", "A", "1x20"), promUp("default", "B", "1x20")],
      at: "10m",
      labels: [{ job: "prometheus", fleetwatch_group: "edge", severity: "critical" }],
    },
    quiet: [{ series: [promUp("default", "A", "1x20"), shardUp(1, "A", "0x20")], at: "10m" }],
  },
  {
    alert: "PrometheusShardDown",
    file: "global.yml",
    firing: {
      series: [promUp("default", "A", "1x20"), shardUp(0, "A", "1x20"), shardUp(0, "B", "0x20")],
      at: "10m",
      labels: [{ job: "prometheus", fleetwatch_group: "edge", fleetwatch_shard: "1", severity: "critical" }],
    },
    // Each shard has a replica reporting (up or down: its partner saw it): no shard is down.
    quiet: [
      {
        series: [promUp("default", "A", "1x20"), shardUp(0, "A", "1x20"), shardUp(1, "B", "0x20")],
        at: "10m",
      },
    ],
  },
];
