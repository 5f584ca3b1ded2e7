export { type BucketLocation, parseBucketUrl } from "./bucket-url.js";
export { HttpSourceError, InvalidBucketUrlError } from "./errors.js";
export { FileAuditCache, FileBucket } from "./file-bucket.js";
export { openBucket } from "./open-bucket.js";
export { S3Bucket } from "./s3-bucket.js";
export { S3AuditCache } from "./s3-cache.js";
export { s3ClientFromEnv } from "./s3-client.js";
