import { isRetryableAwsError } from "@fleetwatch/aws-errors";
import { BucketReadError } from "./errors.js";

/** How the audit retries object-store calls: full-jitter exponential backoff. */
export interface RetryOptions {
  /** @default 6 */
  attempts: number;
  /** @default 100 */
  baseMs: number;
  /** @default 5000 */
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 6,
  baseMs: 100,
  maxMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Runs `fn`, retrying what the AWS SDK itself calls throttling or transient (`@fleetwatch/aws-errors`: 429, 5xx,
 * SlowDown, network errors) with backoff and jitter; anything else, or the last failure, throws.
 */
export async function withRetry<T>(
  operation: string,
  fn: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
  onRetry?: () => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (cause) {
      if (!isRetryableAwsError(cause) || attempt >= options.attempts)
        throw new BucketReadError(operation, { cause });
      onRetry?.();
      const cap = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
      await options.sleep(Math.floor(options.random() * cap));
    }
  }
}
