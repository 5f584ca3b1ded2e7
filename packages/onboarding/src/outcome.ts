/** What onboarding did with one instance in one pass. */
export type OutcomeKind =
  /** Install sent (status `installing`). */
  | "installing"
  /** Uninstall sent (opted out or no longer in a group). */
  | "uninstalling"
  /** Not yet Online with SSM, within the readiness bound: look again later. */
  | "waiting"
  /** AWS throttled a call: look again later. */
  | "retry"
  /** Never registered with SSM within the bound: tagged `unmanaged`. */
  | "unmanaged"
  /** Tagged `skipped` (Windows, no matching group, region not configured) or `failed`. */
  | "marked"
  /** Nothing to do: installed, installing, opted out, not running, already in flight. */
  | "unchanged"
  /** Not found or not running any more (terminated mid-flight). */
  | "gone";

export interface Outcome {
  id: string;
  region: string;
  kind: OutcomeKind;
  detail?: string;
}

/** Outcomes that ask for another look later (the message stays on the queue with a delay). */
export const needsRetry = (outcome: Outcome) => outcome.kind === "waiting" || outcome.kind === "retry";
