export { type AmpUsage, ampIngestUsd, ampMonthlyCost, SECONDS_PER_MONTH } from "./amp.js";
export { InvalidUsageError } from "./errors.js";
export {
  type CostEstimate,
  type CostLine,
  estimateMonthlyCost,
  HOURS_PER_MONTH,
  INCLUDED_STORAGE_GB,
  type TaskUsage,
  type Usage,
} from "./estimate.js";
export { formatStageCost } from "./format.js";
export { AMP_US_EAST_1, type DatedPrices, type PriceTable, US_EAST_1, withOverrides } from "./prices.js";
export {
  AMP_QUERY_SAMPLES_PER_INGESTED,
  AMP_RETENTION_DAYS,
  type StageCost,
  stageCost,
  workloadOf,
} from "./stage.js";
export {
  AGGREGATES_PER_DOWNSAMPLED_SAMPLE,
  BYTES_PER_SAMPLE,
  bucketGb,
  FOREVER_PRICED_DAYS,
  type IngestShape,
  type RetentionDays,
} from "./storage.js";
export { ASSUMPTIONS, type ResourceUsage, usageOf, type Workload } from "./usage.js";
