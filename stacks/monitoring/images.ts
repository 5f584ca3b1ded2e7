// Every container image the monitoring stack runs, pinned in this one place. Official images only; a deploy
// pulls them as they are (no image is built, so a deploy needs no Docker). All are multi-arch (arm64 and amd64).
// The Prometheus project publishes the same images as `prom/*` on Docker Hub and `quay.io/prometheus/*`; Quay is
// used so that tasks behind one NAT address do not hit Docker Hub's anonymous pull limit.

/** Prometheus 3.5, the long-term-support line. */
export const PROMETHEUS_IMAGE = "quay.io/prometheus/prometheus:v3.5.0";
/** Thanos: sidecar, query, query-frontend, store, compact, rule and tools bucket web. */
export const THANOS_IMAGE = "quay.io/thanos/thanos:v0.42.4";
export const ALERTMANAGER_IMAGE = "quay.io/prometheus/alertmanager:v0.28.1";
/** Grafana OSS. */
export const GRAFANA_IMAGE = "grafana/grafana:12.1.1";
/** AWS CLI v2 (Amazon Linux 2 based: has sh and curl): the config init and reloader containers. */
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.27.0";

/** The images by role, for the plan and the tests. */
export const IMAGES = {
  prometheus: PROMETHEUS_IMAGE,
  thanos: THANOS_IMAGE,
  alertmanager: ALERTMANAGER_IMAGE,
  grafana: GRAFANA_IMAGE,
  awsCli: AWS_CLI_IMAGE,
} as const;
