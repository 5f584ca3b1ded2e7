export { type BucketLocation, normalizePrefix, parseBucketUrl } from "./bucket-url.js";
export { readCompactorMetrics } from "./compactor-metrics.js";
export { EcsRolloutReader, stopReason } from "./ecs-rollout.js";
export { readEcsService } from "./ecs-service.js";
export { HttpSourceError, InvalidBucketUrlError, ObjstoreConfigError } from "./errors.js";
export { FileAuditCache, FileBucket, fileAccessError } from "./file-bucket.js";
export {
  type ObjstoreConfig,
  parseObjstoreConfig,
  type S3ObjstoreConfig,
} from "./objstore-config.js";
export { bucketName, type OpenedBucket, openBucket, openObjstoreConfig } from "./open-bucket.js";
export { type QueryOptions, queryVector, type VectorSample } from "./prometheus-query.js";
export { readShardUsage } from "./prometheus-shards.js";
export { readTargetHealth } from "./prometheus-targets.js";
export { AWS_RETRY } from "./retry.js";
export { S3Bucket, s3AccessError } from "./s3-bucket.js";
export { S3AuditCache } from "./s3-cache.js";
export { s3ClientFromEnv, s3ClientFromObjstore } from "./s3-client.js";
export { S3ConfigStore } from "./s3-config-store.js";
export { getJson, putJson } from "./s3-json.js";
export { readOnboardingStatus, S3PictureStore } from "./s3-pictures.js";
export { S3RefreshStatusStore } from "./s3-refresh-status.js";
export { S3ReportStore } from "./s3-report-store.js";
export { SlackWebhook, type SlackWebhookOptions } from "./slack-webhook.js";
