import { JOBS } from "../jobs.js";
import { dashboard } from "./panels.js";
import { DASHBOARD_UIDS } from "./uids.js";

const COMPACT = `job="${JOBS.compact}"`;
const SIDECAR = `job="${JOBS.sidecar}"`;
const STORE = `job="${JOBS.store}"`;
const QUERY = `job="${JOBS.query}"`;
const RATE = "[$__rate_interval]";

/** Thanos health: compactor, sidecar uploads, bucket operations, store, query. */
export function thanosHealth() {
  return dashboard({
    uid: DASHBOARD_UIDS.thanosHealth,
    title: "fleetwatch / Thanos health",
    description: "Is data reaching the bucket, and is the compactor keeping up?",
    variables: [],
    panels: [
      {
        title: "Compactor halted",
        type: "stat",
        width: 6,
        height: 4,
        queries: [{ expr: `max(thanos_compact_halted{${COMPACT}}) or vector(0)` }],
      },
      {
        title: "Compactor tasks",
        type: "stat",
        width: 6,
        height: 4,
        description: "Must be exactly 1.",
        queries: [{ expr: `count(up{${COMPACT}} == 1) or vector(0)` }],
      },
      {
        title: "Oldest sidecar upload",
        type: "stat",
        width: 6,
        height: 4,
        unit: "s",
        queries: [
          { expr: `max(time() - thanos_objstore_bucket_last_successful_upload_time{${SIDECAR}} > 0)` },
        ],
      },
      {
        title: "Compactor backlog",
        type: "stat",
        width: 6,
        height: 4,
        queries: [
          { expr: `sum(thanos_compact_todo_compactions{${COMPACT}})`, legend: "compactions" },
          { expr: `sum(thanos_compact_todo_downsample_blocks{${COMPACT}})`, legend: "downsamplings" },
        ],
      },
      {
        title: "Time since last upload, per sidecar",
        type: "timeseries",
        unit: "s",
        queries: [
          {
            expr: `time() - max by (fleetwatch_group, service) (thanos_objstore_bucket_last_successful_upload_time{${SIDECAR}})`,
            legend: "{{service}}",
          },
        ],
      },
      {
        title: "Sidecar uploads per hour",
        type: "timeseries",
        queries: [
          {
            expr: `sum by (service) (increase(thanos_shipper_uploads_total{${SIDECAR}}[1h]))`,
            legend: "{{service}}",
          },
          {
            expr: `sum by (service) (increase(thanos_shipper_upload_failures_total{${SIDECAR}}[1h]))`,
            legend: "{{service}} failed",
          },
        ],
      },
      {
        title: "Compactions",
        type: "timeseries",
        queries: [
          {
            expr: `sum by (resolution) (rate(thanos_compact_group_compactions_total{${COMPACT}}${RATE}))`,
            legend: "resolution {{resolution}}",
          },
          {
            expr: `sum(rate(thanos_compact_group_compactions_failures_total{${COMPACT}}${RATE}))`,
            legend: "failures",
          },
        ],
      },
      {
        title: "Blocks in the bucket, by state",
        type: "timeseries",
        queries: [{ expr: `max by (state) (thanos_blocks_meta_synced{${COMPACT}})`, legend: "{{state}}" }],
      },
      {
        title: "Bucket operations",
        type: "timeseries",
        unit: "ops",
        queries: [
          {
            expr: `sum by (job, operation) (rate(thanos_objstore_bucket_operations_total{job=~"thanos-.*"}${RATE}))`,
            legend: "{{job}} {{operation}}",
          },
        ],
      },
      {
        title: "Bucket operation failures",
        type: "timeseries",
        unit: "percentunit",
        queries: [
          {
            expr: `sum by (job) (rate(thanos_objstore_bucket_operation_failures_total{job=~"thanos-.*"}${RATE})) / sum by (job) (rate(thanos_objstore_bucket_operations_total{job=~"thanos-.*"}${RATE}))`,
            legend: "{{job}}",
          },
        ],
      },
      {
        title: "Store Gateway gRPC",
        type: "timeseries",
        unit: "reqps",
        queries: [
          {
            expr: `sum by (grpc_code) (rate(grpc_server_handled_total{${STORE}}${RATE}))`,
            legend: "{{grpc_code}}",
          },
        ],
      },
      {
        title: "Store Gateway blocks loaded",
        type: "timeseries",
        queries: [{ expr: `sum(thanos_bucket_store_blocks_loaded{${STORE}})`, legend: "blocks" }],
      },
      {
        title: "Query requests to stores",
        type: "timeseries",
        unit: "reqps",
        queries: [
          {
            expr: `sum by (grpc_code) (rate(grpc_client_handled_total{${QUERY}}${RATE}))`,
            legend: "{{grpc_code}}",
          },
        ],
      },
      {
        title: "Query latency (p99)",
        type: "timeseries",
        unit: "s",
        queries: [
          {
            expr: `histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket{${QUERY},handler=~"query|query_range"}${RATE})))`,
            legend: "{{handler}}",
          },
        ],
      },
    ],
  });
}
