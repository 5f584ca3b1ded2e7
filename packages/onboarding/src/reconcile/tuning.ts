/**
 * How the reconcile fans out (the stack applies these; the benchmark and the simulation read them).
 *
 * A page is one DescribeInstances answer (`MaxResults` 1,000): the most one worker invocation ever holds. Its
 * work is bounded by the page, not by the fleet: about 20 API calls for a page where a third needs an install,
 * a few seconds; the timeout leaves room for throttling and the SDK's backoff. The work queue hides a received
 * item for six times the worker's timeout (AWS's advice for a Lambda consumer; batch size 1, no window).
 */
export const RECONCILE_TUNING = {
  /** Instances per DescribeInstances page (the API's maximum `MaxResults`). */
  pageSize: 1000,
  /** The worker's timeout: one page, whatever the fleet's size. */
  workerTimeoutSeconds: 120,
  /**
   * The coordinator's timeout: its work is a handful of SendMessageBatch calls (milliseconds each, each bounded by
   * {@link RECONCILE_TUNING.sqsRequestTimeoutMs} and the SDK's attempts), so a timeout here means SQS is down.
   */
  coordinatorTimeoutSeconds: 60,
  /** Per-request timeout of the coordinator's SQS client, so its work stays far inside its own timeout. */
  sqsRequestTimeoutMs: 5_000,
  /** Receives of a work item before it is given up (reported, then on the dead-letter queue with its reason). */
  maxReceiveCount: 3,
  /** Worker invocations at once (the SQS event source's maximum concurrency): bounds the EC2/SSM API rate. */
  maxConcurrency: 4,
  /** Entries per SendMessageBatch (the SQS maximum). */
  enqueueBatch: 10,
} as const;

/** The work queue's visibility timeout: six times the worker's timeout (batch size 1, no batching window). */
export const WORK_VISIBILITY_SECONDS = 6 * RECONCILE_TUNING.workerTimeoutSeconds;
