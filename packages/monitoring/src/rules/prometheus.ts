import { JOBS } from "../jobs.js";
import type { RuleFile } from "./alert.js";

const PROM = `job="${JOBS.prometheus}"`;
const STACK_JOBS = `job=~"${JOBS.prometheus}|thanos-.*|${JOBS.alertmanager}|${JOBS.grafana}"`;

/** Prometheus watching itself, its partner and the stack services it scrapes. */
export const PROMETHEUS_RULES: RuleFile = {
  file: "prometheus.yml",
  group: "fleetwatch-prometheus",
  rules: [
    {
      alert: "PrometheusConfigReloadFailed",
      expr: `prometheus_config_last_reload_successful{${PROM}} == 0`,
      for: "10m",
      severity: "warning",
      summary: "{{ $labels.service }} failed to reload its configuration",
      description:
        "{{ $labels.service }} keeps running the previous configuration: the rendered file it was given is invalid for its version.",
    },
    {
      alert: "PrometheusTSDBCompactionsFailing",
      expr: `increase(prometheus_tsdb_compactions_failed_total{${PROM}}[3h]) > 0`,
      for: "4h",
      severity: "warning",
      summary: '{{ $labels.service }} failed {{ printf "%.0f" $value }} TSDB compactions in 3h',
      description:
        "The local TSDB of {{ $labels.service }} cannot cut blocks: the sidecar has nothing to upload and the head grows.",
    },
    {
      alert: "PrometheusTSDBWALErrors",
      expr: `increase(prometheus_tsdb_wal_corruptions_total{${PROM}}[3h]) > 0 or increase(prometheus_tsdb_wal_writes_failed_total{${PROM}}[1h]) > 0`,
      for: "5m",
      severity: "critical",
      summary: "{{ $labels.service }} has write-ahead log errors",
      description:
        "The WAL of {{ $labels.service }} is corrupt or cannot be written (disk full?): samples are lost on restart.",
    },
    {
      alert: "PrometheusRuleEvaluationFailures",
      expr: `increase(prometheus_rule_evaluation_failures_total{${PROM}}[5m]) > 0`,
      for: "15m",
      severity: "critical",
      summary: "{{ $labels.service }} fails to evaluate rules of {{ $labels.rule_group }}",
      description: "Rules fail to evaluate: alerts of this group may never fire.",
    },
    {
      alert: "PrometheusEC2DiscoveryErrors",
      expr: `increase(prometheus_sd_refresh_failures_total{${PROM},mechanism="ec2"}[10m]) > 0`,
      for: "15m",
      severity: "warning",
      summary: "EC2 discovery of {{ $labels.service }} fails",
      description:
        "DescribeInstances keeps failing: EC2 API throttling (RequestLimitExceeded, shared with every other caller in the account and region), a missing ec2:DescribeInstances permission on the task role, or no route to the EC2 endpoint. Targets keep their last known list meanwhile.",
    },
    {
      alert: "MonitoringTargetDown",
      expr: `up{${STACK_JOBS}} == 0`,
      for: "5m",
      severity: "warning",
      summary: "{{ $labels.service }} ({{ $labels.job }}) cannot be scraped",
      description:
        "{{ $labels.instance }} does not answer: the ECS service has no running task (its Cloud Map name does not resolve) or the task is unhealthy.",
    },
  ],
};
