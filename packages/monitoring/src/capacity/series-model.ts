import type { ResolvedConfig } from "@fleetwatch/config";
import { NODE_TARGET_LABELS } from "../jobs.js";
import {
  COLLECTOR_SERIES,
  type CollectorSeries,
  EXPORTER_SELF_SERIES,
  NODE_EXPORTER_DEFAULT_COLLECTORS,
  PROMETHEUS_TARGET_SERIES,
  SCRAPE_COLLECTOR_SERIES,
  UNKNOWN_COLLECTOR_SERIES,
} from "./collectors.js";
import type { HostDimension, HostProfile } from "./host.js";

/** The series one scraped instance puts in its Prometheus's head, and where they come from. */
export interface InstanceSeries {
  /** Everything: {@link exporter} plus {@link prometheus}. */
  readonly total: number;
  /** What node_exporter's `/metrics` returns: collectors, their scrape series and the exporter's own. */
  readonly exporter: number;
  /** What Prometheus adds per target (`up`, `scrape_*`). */
  readonly prometheus: number;
  /** Series per enabled collector, not counting its 2 `node_scrape_collector_*` series. */
  readonly collectors: Readonly<Record<string, number>>;
  /**
   * Labels the scrape's relabeling adds to every series (`job` and the node target labels). They add no series,
   * only bytes per series, which the bytes-per-series figure covers.
   */
  readonly targetLabels: number;
}

/** The collectors node_exporter runs with the config: its defaults, plus `enableCollectors`, less `disableCollectors`. */
export function enabledCollectors(nodeExporter: ResolvedConfig["nodeExporter"]): string[] {
  const on = new Set<string>([...NODE_EXPORTER_DEFAULT_COLLECTORS, ...nodeExporter.enableCollectors]);
  for (const name of nodeExporter.disableCollectors) on.delete(name);
  return [...on].sort();
}

function collectorSeries(figure: CollectorSeries, host: HostProfile): number {
  if (figure.requires !== undefined && host[figure.requires] === 0) return 0;
  const per = Object.entries(figure.per ?? {}) as [HostDimension, number][];
  return figure.fixed + per.reduce((sum, [dimension, each]) => sum + each * host[dimension], 0);
}

/** The series an instance with these collectors exposes on `host`, rounded up to whole series. */
export function instanceSeries(collectors: readonly string[], host: HostProfile): InstanceSeries {
  const perCollector = Object.fromEntries(
    collectors.map((name) => [
      name,
      Math.ceil(collectorSeries(COLLECTOR_SERIES[name] ?? UNKNOWN_COLLECTOR_SERIES, host)),
    ]),
  );
  const exporter =
    EXPORTER_SELF_SERIES +
    collectors.length * SCRAPE_COLLECTOR_SERIES +
    Object.values(perCollector).reduce((sum, n) => sum + n, 0);
  return {
    total: exporter + PROMETHEUS_TARGET_SERIES,
    exporter,
    prometheus: PROMETHEUS_TARGET_SERIES,
    collectors: perCollector,
    targetLabels: NODE_TARGET_LABELS.length + 1,
  };
}
