import type { OnboardingStatus, Reason } from "./tags.js";

/** What onboarding did with one instance in one pass. */
export type OutcomeKind =
  /** Install sent (status `installing`). */
  | "installing"
  /** Uninstall sent (opted out or no longer in a group). */
  | "uninstalling"
  /** Not yet Online with SSM, within the readiness bound: look again later. */
  | "waiting"
  /** AWS throttled a call, or failed transiently (5xx, network), or another pass holds the instance: look again later. */
  | "retry"
  /** Never registered with SSM within the bound: tagged `unmanaged`. */
  | "unmanaged"
  /** Tagged `skipped` (Windows, no matching group, region not configured) or `failed`. */
  | "marked"
  /** Nothing to do: installed, installing, opted out, not running, already in flight. */
  | "unchanged"
  /** Not found or not running any more (terminated mid-flight). */
  | "gone"
  /**
   * AWS refused a call for this instance alone, in a way a retry will not fix (`TagLimitExceeded`,
   * `UnsupportedOperation`, access denied): the other instances went on; see {@link Outcome.refusal}.
   */
  | "refused"
  /**
   * The instance's member account could not be entered (its role cannot be assumed: see
   * `AccountUnreachableError`): nothing was done to it; the other accounts went on.
   */
  | "account-unreachable"
  /** Not onboarded: its account (or its account's region) is not a member (see `admission`); with the reason. */
  | "not-member";

/** Why AWS refused one instance: the call and AWS's error code (set on `refused` outcomes only). */
export interface InstanceRefusal {
  /** `ec2:CreateTags`, `ssm:SendCommand`, ... */
  operation: string;
  /** AWS's error code: `TagLimitExceeded`, `UnsupportedOperation`, `AccessDeniedException`, ... */
  code: string;
  /** AWS's message, prefixed with the operation. */
  message: string;
}

export interface Outcome {
  id: string;
  region: string;
  /** The member account (absent in the home account). */
  account?: string;
  kind: OutcomeKind;
  /** Free text for people reading logs (an error message, a command id, why nothing was done). */
  detail?: string;
  /** With kind `marked`: the status tag written. */
  status?: Extract<OnboardingStatus, "skipped" | "failed">;
  /** With kind `marked` or `unmanaged`: the reason tag written. */
  reason?: Reason;
  /** With kind `refused`: what AWS refused. */
  refusal?: InstanceRefusal;
  /** With kind `waiting`: when the instance was launched (carried, so a later pass can ask SSM first). */
  launchedAt?: Date;
}

/** Outcomes that ask for another look later (the message stays on the queue with a delay). */
export const needsRetry = (outcome: Outcome) =>
  outcome.kind === "waiting" || outcome.kind === "retry" || outcome.kind === "account-unreachable";

/**
 * The dead-letter reason of an instance AWS refused for good: `<id> refused by <operation>: <code> (<message>)`
 * (the one format of launch and result messages; without a refusal, the detail).
 */
export function refusalReason(o: { id: string; detail?: string; refusal?: InstanceRefusal }): string {
  const r = o.refusal;
  return r
    ? `${o.id} refused by ${r.operation}: ${r.code} (${r.message})`
    : `${o.id} refused: ${o.detail ?? ""}`;
}
