import { DEFAULT_BACKOFF, type RetryOptions } from "@fleetwatch/audit";
import { isRetryableAwsError } from "@fleetwatch/aws-errors";

/**
 * The audit's retry for S3 and local files: {@link DEFAULT_BACKOFF} on what the AWS SDK itself calls throttling or
 * transient (`isRetryableAwsError`: 429, 5xx, SlowDown, network errors such as ETIMEDOUT).
 */
export const AWS_RETRY: RetryOptions = { ...DEFAULT_BACKOFF, retryable: isRetryableAwsError };
