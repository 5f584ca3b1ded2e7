// How long an install may legitimately take, as SSM Run Command counts it. The config owns these numbers because
// it validates `onboarding.installTimeout` against them; the SSM adapter and the document use the same constants.

/**
 * Seconds SSM waits for an instance to pick a command up (SendCommand's `TimeoutSeconds`, its delivery
 * timeout) before the invocation ends `DeliveryTimedOut`. SSM's default.
 */
export const SSM_DELIVERY_TIMEOUT_SECONDS = 600;

/**
 * Seconds the document's script may run on an instance (the step's `timeoutSeconds`, its execution timeout)
 * before SSM reports `TimedOut`. It starts when delivery ends, so an invocation may stay Pending or InProgress
 * for the sum of both.
 */
export const SCRIPT_TIMEOUT_SECONDS = 600;

/**
 * Seconds from SSM's final status to the `installing` tag being replaced: EventBridge's delivery, the result
 * queue's batching window (120 s) and one run of its consumer (120 s), rounded up. A stack test holds it at
 * least the window plus the consumer's timeout.
 */
export const RESULT_MARGIN_SECONDS = 300;

/**
 * The shortest `onboarding.installTimeout`: an install still pending delivery, then running, then reporting
 * must not be taken for lost and sent again. 1,500 s (25 minutes).
 */
export const MIN_INSTALL_TIMEOUT_SECONDS =
  SSM_DELIVERY_TIMEOUT_SECONDS + SCRIPT_TIMEOUT_SECONDS + RESULT_MARGIN_SECONDS;
