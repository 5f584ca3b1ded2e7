import { BucketReadError } from "./errors.js";

/** How the audit retries object-store calls: full-jitter exponential backoff, on the errors `retryable` accepts. */
export interface RetryOptions {
  /** @default 6 */
  attempts: number;
  /** @default 100 */
  baseMs: number;
  /** @default 5000 */
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /**
   * Whether a failure is worth another attempt (throttling, a transient fault). Required: the domain knows no
   * store's errors, so the edge passes its classifier (the audit-aws package's `AWS_RETRY` for S3 and files).
   */
  retryable: (error: unknown) => boolean;
}

/** The backoff of {@link RetryOptions} without a classifier: callers add `retryable`. */
export const DEFAULT_BACKOFF: Omit<RetryOptions, "retryable"> = {
  attempts: 6,
  baseMs: 100,
  maxMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Runs `fn`, retrying what `options.retryable` accepts with backoff and jitter; anything else, or the last
 * failure, throws a {@link BucketReadError} carrying the cause.
 */
export async function withRetry<T>(
  operation: string,
  fn: () => Promise<T>,
  options: RetryOptions,
  onRetry?: () => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (cause) {
      if (!options.retryable(cause) || attempt >= options.attempts)
        throw new BucketReadError(operation, { cause });
      onRetry?.();
      const cap = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
      await options.sleep(Math.floor(options.random() * cap));
    }
  }
}
