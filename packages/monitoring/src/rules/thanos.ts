import { JOBS } from "../jobs.js";
import type { RuleFile } from "./alert.js";

const COMPACT = `job="${JOBS.compact}"`;
const GRPC_SERVER_ERRORS = `grpc_code=~"Unknown|ResourceExhausted|Internal|Unavailable|DataLoss|DeadlineExceeded"`;

/** The official mixin's Thanos alerts, adapted to fleetwatch's job names; evaluated by the first group's pair. */
export const THANOS_RULES: RuleFile = {
  file: "thanos.yml",
  group: "fleetwatch-thanos",
  rules: [
    {
      alert: "ThanosCompactHalted",
      expr: `thanos_compact_halted{${COMPACT}} == 1`,
      for: "5m",
      severity: "critical",
      summary: "The Thanos compactor has halted",
      description:
        "The compactor hit an error it will not retry (overlapping blocks, out-of-order chunks, a bad result) and does nothing until restarted: no compaction, downsampling or retention happens.",
    },
    {
      alert: "ThanosCompactDown",
      expr: `absent(up{${COMPACT}} == 1)`,
      for: "15m",
      severity: "critical",
      summary: "No Thanos compactor is running",
      description:
        "No compactor task answers on its Cloud Map name: retention and downsampling stop, and a halt would go unnoticed.",
    },
    {
      alert: "ThanosCompactMultipleRunning",
      expr: `count(up{${COMPACT}}) > 1`,
      for: "5m",
      severity: "critical",
      summary: "{{ $value }} Thanos compactors run at once",
      description:
        "More than one compactor task is registered. Two compactors on one bucket create overlapping blocks that need manual repair.",
    },
    {
      alert: "ThanosCompactHighCompactionFailures",
      expr: `sum(rate(thanos_compact_group_compactions_failures_total{${COMPACT}}[5m])) / sum(rate(thanos_compact_group_compactions_total{${COMPACT}}[5m])) * 100 > 5`,
      for: "15m",
      severity: "warning",
      summary: '{{ printf "%.1f" $value }}% of Thanos compactions fail',
      description: "More than 5% of the compactor's group compactions fail.",
    },
    {
      alert: "ThanosStoreGrpcErrorRate",
      expr: `sum(rate(grpc_server_handled_total{job="${JOBS.store}",${GRPC_SERVER_ERRORS}}[5m])) / sum(rate(grpc_server_started_total{job="${JOBS.store}"}[5m])) * 100 > 5`,
      for: "5m",
      severity: "warning",
      summary: '{{ printf "%.1f" $value }}% of Store Gateway gRPC requests fail',
      description: "The Store Gateway fails more than 5% of the Series/LabelValues requests of Thanos Query.",
    },
    {
      alert: "ThanosQueryGrpcClientErrorRate",
      expr: `sum(rate(grpc_client_handled_total{job="${JOBS.query}",grpc_code!="OK"}[5m])) / sum(rate(grpc_client_started_total{job="${JOBS.query}"}[5m])) * 100 > 5`,
      for: "5m",
      severity: "warning",
      summary: '{{ printf "%.1f" $value }}% of Thanos Query requests to its stores fail',
      description:
        "Thanos Query gets errors from more than 5% of its requests to sidecars, the Store Gateway and the Ruler: dashboards show partial data.",
    },
  ],
};

/**
 * Uploads and bucket operations, loaded by every Prometheus: each pair watches its own sidecars (and the first
 * pair the shared services too). Holds the sidecar upload alert the official mixin lacks.
 */
export const BUCKET_RULES: RuleFile = {
  file: "thanos-bucket.yml",
  group: "fleetwatch-thanos-bucket",
  rules: [
    {
      alert: "ThanosBucketHighOperationFailures",
      expr: `sum by (job, service) (rate(thanos_objstore_bucket_operation_failures_total{job=~"thanos-.*"}[5m])) / sum by (job, service) (rate(thanos_objstore_bucket_operations_total{job=~"thanos-.*"}[5m])) * 100 > 5`,
      for: "15m",
      severity: "warning",
      summary: '{{ printf "%.1f" $value }}% of S3 operations of {{ $labels.service }} fail',
      description:
        "More than 5% of the bucket operations of {{ $labels.job }} fail: S3 throttling (503 SlowDown), missing IAM permissions on the task role, or the S3 endpoint is unreachable.",
    },
    {
      alert: "ThanosSidecarNoUploads",
      // Attempts minus failures: a sidecar whose every upload fails has uploaded nothing either.
      expr: `increase(thanos_shipper_uploads_total{job="${JOBS.sidecar}"}[6h]) - increase(thanos_shipper_upload_failures_total{job="${JOBS.sidecar}"}[6h]) < 1 and on (instance) (time() - process_start_time_seconds{job="${JOBS.sidecar}"}) > 6 * 3600`,
      for: "5m",
      severity: "critical",
      summary: "The sidecar of {{ $labels.service }} has uploaded nothing for 6h",
      description:
        "Prometheus cuts a 2h block every 2h and the sidecar uploads it within 30s; none was uploaded for 6h, so the bucket misses this replica's data and it will be lost when the task is replaced.",
    },
  ],
};
