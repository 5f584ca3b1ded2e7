// Every AWS call the audit adapters make, as data for the IAM simulation (@fleetwatch/conformance). A test fails
// when an adapter sends a command missing here. Buckets are symbolic: the Thanos bucket is read, the state
// bucket holds reports, the cache, pictures and the onboarding status.
import type { AwsCall } from "@fleetwatch/conformance";
import {
  AUDIT_CACHE_KEY,
  CONFIG_POINTER_KEY,
  configFileKey,
  configRenderInputKey,
  DELIVERED_KEY,
  DISCOVERY_REFRESH_STATUS_KEY,
  digestKey,
  digestPictureKey,
  LATEST_REPORT_KEY,
  ONBOARDING_STATUS_KEY,
  reportKey,
} from "@fleetwatch/state-layout";

const TLS = { "aws:SecureTransport": "true" } as const;

/** The time of the example keys of the state bucket. */
const EXAMPLE_TIME = new Date("2026-01-01T00:00:00.000Z");

/** A block's meta.json: what the audit reads most. */
const BLOCK_META = "01JAAAAAAAAAAAAAAAAAAAAAAA/meta.json";

/** `S3Bucket` on the Thanos bucket (no prefix): list it, read objects. ListObjectsV2 is authorized as ListBucket. */
export const THANOS_READER_CALLS: readonly AwsCall[] = [
  {
    by: "S3Bucket.listPage",
    sdkCommand: "ListObjectsV2Command",
    action: "s3:ListBucket",
    target: { bucket: "thanos" },
    context: TLS,
  },
  {
    by: "S3Bucket.get",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "thanos", key: BLOCK_META },
    context: TLS,
  },
];

/**
 * `S3ReportStore` (`REPORTS_PREFIX`): read the latest report, write the new one and the latest pointer; read and
 * conditionally write the delivery state `DELIVERED_KEY` (If-Match/If-None-Match need no extra action).
 */
export const REPORT_STORE_CALLS: readonly AwsCall[] = [
  {
    by: "S3ReportStore.latest",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: LATEST_REPORT_KEY },
    context: TLS,
  },
  {
    by: "S3ReportStore.save",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: reportKey(EXAMPLE_TIME.toISOString()) },
    context: TLS,
  },
  {
    by: "S3ReportStore.readDelivery",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: DELIVERED_KEY },
    context: TLS,
  },
  {
    by: "S3ReportStore.writeDelivery",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: DELIVERED_KEY },
    context: TLS,
  },
];

/** `S3AuditCache` (`AUDIT_CACHE_KEY`). */
export const AUDIT_CACHE_CALLS: readonly AwsCall[] = [
  {
    by: "S3AuditCache.load",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: AUDIT_CACHE_KEY },
    context: TLS,
  },
  {
    by: "S3AuditCache.save",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: AUDIT_CACHE_KEY },
    context: TLS,
  },
];

/**
 * `S3PictureStore.put` (`digestPictureKey`): the PNG, then a presigned GET that Slack fetches with the role's
 * credentials; `putJson` of the digest message to `digestKey` (the digest handler).
 */
export const DIGEST_STORE_CALLS: readonly AwsCall[] = [
  {
    by: "S3PictureStore.put",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: digestPictureKey(EXAMPLE_TIME, "timeline.png") },
    context: TLS,
  },
  {
    by: "S3PictureStore.put (presigned GET)",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: digestPictureKey(EXAMPLE_TIME, "timeline.png") },
    context: TLS,
  },
  {
    by: "putJson",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: digestKey(EXAMPLE_TIME) },
    context: TLS,
  },
];

/** `readOnboardingStatus`: the reconcile's status file (`ONBOARDING_STATUS_KEY`). */
export const ONBOARDING_STATUS_CALLS: readonly AwsCall[] = [
  {
    by: "readOnboardingStatus",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: ONBOARDING_STATUS_KEY },
    context: TLS,
  },
];

/**
 * `readEcsService`: DescribeServices on the compactor's service, ListTasks by cluster and service (AWS
 * authorizes it on "*" with ecs:cluster), DescribeTasks on its tasks.
 */
export const ECS_SERVICE_CALLS: readonly AwsCall[] = [
  {
    by: "readEcsService",
    sdkCommand: "DescribeServicesCommand",
    action: "ecs:DescribeServices",
    target: "the compactor service",
    context: { ...TLS, "ecs:cluster": { plan: "the compactor's cluster" } },
  },
  {
    by: "readEcsService",
    sdkCommand: "ListTasksCommand",
    action: "ecs:ListTasks",
    target: "*",
    context: { ...TLS, "ecs:cluster": { plan: "the compactor's cluster" } },
  },
  {
    by: "readEcsService",
    sdkCommand: "DescribeTasksCommand",
    action: "ecs:DescribeTasks",
    target: "a compactor task",
    context: { ...TLS, "ecs:cluster": { plan: "the compactor's cluster" } },
  },
];

/**
 * `EcsRolloutReader` (the post-deploy rollout check): the deployments of every monitoring service and the stopped
 * tasks of those that did not roll out, in the monitoring cluster only.
 */
export const ECS_ROLLOUT_CALLS: readonly AwsCall[] = [
  {
    by: "EcsRolloutReader.deployments",
    sdkCommand: "DescribeServicesCommand",
    action: "ecs:DescribeServices",
    target: "a monitoring service",
    context: { ...TLS, "ecs:cluster": { plan: "the monitoring cluster" } },
  },
  {
    by: "EcsRolloutReader.stoppedTasks",
    sdkCommand: "ListTasksCommand",
    action: "ecs:ListTasks",
    target: "*",
    context: { ...TLS, "ecs:cluster": { plan: "the monitoring cluster" } },
  },
  {
    by: "EcsRolloutReader.stoppedTasks",
    sdkCommand: "DescribeTasksCommand",
    action: "ecs:DescribeTasks",
    target: "a monitoring task",
    context: { ...TLS, "ecs:cluster": { plan: "the monitoring cluster" } },
  },
];

/** A config version, as the deploy and the refresh name them (a content hash). */
const EXAMPLE_VERSION = "0123456789abcdef";

/**
 * `S3ConfigStore` (the discovery refresh): read the pointer and the current version's render input, write the
 * files and render input of a new version, then move the pointer (If-Match needs no extra action).
 */
export const CONFIG_STORE_CALLS: readonly AwsCall[] = [
  {
    by: "S3ConfigStore.pointer",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: CONFIG_POINTER_KEY },
    context: TLS,
  },
  {
    by: "S3ConfigStore.read",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: configRenderInputKey(EXAMPLE_VERSION) },
    context: TLS,
  },
  {
    by: "S3ConfigStore.write",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: configFileKey(EXAMPLE_VERSION, "prometheus/default-a/prometheus.yml") },
    context: TLS,
  },
  {
    by: "S3ConfigStore.write",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: configRenderInputKey(EXAMPLE_VERSION) },
    context: TLS,
  },
  {
    by: "S3ConfigStore.movePointer",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: CONFIG_POINTER_KEY },
    context: TLS,
  },
];

/** `S3RefreshStatusStore.read`: the discovery refresh's status record (the digest, and the refresh itself). */
export const REFRESH_STATUS_READ_CALLS: readonly AwsCall[] = [
  {
    by: "S3RefreshStatusStore.read",
    sdkCommand: "GetObjectCommand",
    action: "s3:GetObject",
    target: { bucket: "state", key: DISCOVERY_REFRESH_STATUS_KEY },
    context: TLS,
  },
];

/** `S3RefreshStatusStore` as the discovery refresh uses it: read the previous record, write the next one. */
export const REFRESH_STATUS_CALLS: readonly AwsCall[] = [
  ...REFRESH_STATUS_READ_CALLS,
  {
    by: "S3RefreshStatusStore.write",
    sdkCommand: "PutObjectCommand",
    action: "s3:PutObject",
    target: { bucket: "state", key: DISCOVERY_REFRESH_STATUS_KEY },
    context: TLS,
  },
];

/** Every call of the package's AWS adapters. */
export const AUDIT_ADAPTER_CALLS: readonly AwsCall[] = [
  ...THANOS_READER_CALLS,
  ...REPORT_STORE_CALLS,
  ...AUDIT_CACHE_CALLS,
  ...DIGEST_STORE_CALLS,
  ...ONBOARDING_STATUS_CALLS,
  ...ECS_SERVICE_CALLS,
  ...ECS_ROLLOUT_CALLS,
  ...CONFIG_STORE_CALLS,
  ...REFRESH_STATUS_CALLS,
];
