import { JOBS, LABELS, RULER_SCRAPE, SHARED_SCRAPES, type SharedScrape } from "./jobs.js";
import type { ResolvedOptions } from "./options.js";
import {
  address,
  dnsName,
  PORTS,
  type PrometheusReplica,
  type RulerReplica,
  type Topology,
} from "./topology.js";

// Scrapes of the monitoring stack itself, through the Cloud Map names of its services. A static target of a DNS
// name keeps a stable `instance` across task replacements, and a stopped task shows as `up == 0` (its name no
// longer resolves) instead of a target that silently disappears. The compactor is the exception: it must be
// a singleton, and only DNS discovery (one target per A record, i.e. per task) can count its tasks.

function staticJob(
  job: string,
  interval: string | undefined,
  targets: { component: string; address: string }[],
) {
  return {
    job_name: job,
    ...(interval ? { scrape_interval: interval } : {}),
    static_configs: targets.map((target) => ({
      targets: [target.address],
      labels: { [LABELS.service]: target.component },
    })),
  };
}

/**
 * Every replica of a shard scrapes every replica's Prometheus and sidecar of that shard, so a dead replica shows as
 * down (with the shard's `fleetwatch_shard`); a shard with every replica dead shows as absent.
 */
export function groupSelfScrapes(
  topology: Topology,
  replicas: PrometheusReplica[],
  options: ResolvedOptions,
) {
  const interval = options.testing.interval;
  const targets = (port: number) =>
    replicas.map((r) => ({ component: r.component, address: address(topology, r.component, port) }));
  return [
    staticJob(JOBS.prometheus, interval, targets(PORTS.prometheus)),
    staticJob(JOBS.sidecar, interval, targets(PORTS.thanosHttp)),
  ];
}

function compactorJob(topology: Topology, scrape: SharedScrape, interval: string | undefined) {
  return {
    job_name: scrape.job,
    ...(interval ? { scrape_interval: interval } : {}),
    dns_sd_configs: [
      { names: [dnsName(topology, scrape.component)], type: "A", port: scrape.port, refresh_interval: "30s" },
    ],
    relabel_configs: [{ target_label: LABELS.service, replacement: scrape.component }],
  };
}

/** The shared services (Thanos, every Ruler replica, Alertmanager, Grafana), scraped by the first group's pair only. */
export function sharedScrapes(topology: Topology, rulers: RulerReplica[], options: ResolvedOptions) {
  const interval = options.testing.interval;
  const rulerTargets = rulers.map((r) => ({
    component: r.component,
    address: address(topology, r.component, RULER_SCRAPE.port),
  }));
  return [
    ...SHARED_SCRAPES.map((scrape) =>
      scrape.job === JOBS.compact
        ? compactorJob(topology, scrape, interval)
        : staticJob(scrape.job, interval, [
            { component: scrape.component, address: address(topology, scrape.component, scrape.port) },
          ]),
    ),
    staticJob(RULER_SCRAPE.job, interval, rulerTargets),
  ];
}
