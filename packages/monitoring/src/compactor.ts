import type { Duration } from "@fleetwatch/config";

/**
 * The delays the stack's compactor runs with (`--consistency-delay`, `--delete-delay`): the one owner. The stack
 * renders them into the compactor's flags and {@link renderAuditConfig} into the audit's expectations, so the audit
 * judges the compactor by the delays it really has. They equal Thanos's own defaults today.
 */
export const COMPACTOR_DELAYS = {
  /** Uploads younger than this are invisible to the compactor (and to the audit's overlap check). */
  consistencyDelay: "30m",
  /** How long a block marked for deletion stays before the compactor deletes it. */
  deleteDelay: "48h",
} as const satisfies Record<string, Duration>;
