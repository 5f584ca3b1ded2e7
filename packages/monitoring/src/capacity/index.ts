export {
  COLLECTOR_SERIES,
  type CollectorSeries,
  EXPORTER_SELF_SERIES,
  NODE_EXPORTER_DEFAULT_COLLECTORS,
  PROMETHEUS_TARGET_SERIES,
  SCRAPE_COLLECTOR_SERIES,
  UNKNOWN_COLLECTOR_SERIES,
} from "./collectors.js";
export { type HostDimension, type HostProfile, TYPICAL_EC2_HOST } from "./host.js";
export {
  BYTES_PER_SERIES,
  BYTES_PER_SERIES_SOURCE,
  GIB,
  MEMORY_HEADROOM,
  PROMETHEUS_BASE_BYTES,
  SIDECAR_BYTES,
  taskMemoryNeededGib,
  workingSetBytes,
} from "./memory-model.js";
export {
  capacityPlan,
  type FargateSize,
  type GroupCapacity,
  type GroupEstimate,
  type GroupWithoutEstimate,
  HASH_IMBALANCE,
  instancesPerShard,
  smallestSizeFor,
} from "./plan.js";
export { capacityWarnings, formatCapacityPlan } from "./report.js";
export { enabledCollectors, type InstanceSeries, instanceSeries } from "./series-model.js";
