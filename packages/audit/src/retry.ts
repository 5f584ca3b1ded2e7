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

const THROTTLING = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ServiceUnavailable",
  "RequestTimeout",
  "InternalError",
]);

/** Whether an error is S3 (or any AWS API) asking to slow down or failing transiently: 503, 500, 429. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const status = e.$metadata?.httpStatusCode;
  return (
    THROTTLING.has(e.name ?? "") ||
    THROTTLING.has(e.code ?? "") ||
    e.$retryable !== undefined ||
    status === 429 ||
    status === 500 ||
    status === 503 ||
    e.code === "ECONNRESET"
  );
}

/** Runs `fn`, retrying retryable errors with backoff and jitter; anything else, or the last failure, throws. */
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
      if (!isRetryable(cause) || attempt >= options.attempts) throw new BucketReadError(operation, { cause });
      onRetry?.();
      const cap = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
      await options.sleep(Math.floor(options.random() * cap));
    }
  }
}
