export {
  ACCOUNT_ID,
  DEFAULT_MEMBER_ROLE_NAME,
  HOME_ACCOUNT,
  isActiveAccount,
  ORGANIZATION_TARGET,
} from "./accounts.js";
export { LOG_RETENTION_DAYS } from "./aws-names.js";
export { durationMs, isDuration } from "./duration.js";
export {
  ConfigError,
  type ConfigIssue,
  type ConfigOrigin,
  InvalidDurationError,
  StageError,
} from "./errors.js";
export { FARGATE_CPUS, FARGATE_MEMORY_GB, isFargateSize, sizeBytes, sizeGb } from "./fargate.js";
export {
  MIN_INSTALL_TIMEOUT_SECONDS,
  RESULT_MARGIN_SECONDS,
  SCRIPT_TIMEOUT_SECONDS,
  SSM_DELIVERY_TIMEOUT_SECONDS,
} from "./install-timing.js";
export {
  defaultConfig,
  defineConfig,
  type ResolvedConfig,
  type ResolveOptions,
  resolveConfig,
} from "./load.js";
export { type MirrorBuckets, mirrorBucket, mirrorKeyPrefix, REGION_PLACEHOLDER } from "./mirror.js";
export {
  NODE_EXPORTER_RELEASES_URL,
  NODE_EXPORTER_SHA256_AMD64,
  NODE_EXPORTER_SHA256_ARM64,
  NODE_EXPORTER_VERSION,
} from "./node-exporter-release.js";
export { isRate } from "./rate.js";
export { AWS_REGIONS, type AwsRegion, onboardedRegions } from "./regions.js";
export {
  configSchema,
  MAX_SHARDS,
  type ResolvedSettings,
  settingsSchema,
  stageOverrideSchema,
} from "./schema.js";
export { APP_NAME, checkStage, MAX_STAGE_LENGTH, namedStages, stageNameProblem } from "./stage.js";
export type * from "./types.js";
