export {
  type AccountSettings,
  type Admission,
  admission,
  canonicalRef,
  inAccount,
  instanceKey,
  type MemberSettings,
  memberAccount,
  memberRoleArn,
  scopeKey,
} from "./accounts.js";
export { applyPlans, type Pass } from "./apply.js";
export { CARRY_KIND, CARRY_MAX_INSTANCES, carryBody, type LaunchItem, parseLaunchMessage } from "./carry.js";
export { chunk, groupBy } from "./chunk.js";
export { type Completion, completeCommands } from "./complete.js";
export { attemptsAt, attemptsTag, mayStillRegister, type Plan, plan } from "./decide.js";
export * from "./document.js";
export { type Eligibility, eligibility } from "./eligibility.js";
export {
  AccountUnreachableError,
  AwsCallError,
  isRetryable,
  MalformedEventError,
  NoSourceError,
  NotReadyError,
  ThrottledError,
  TransientError,
} from "./errors.js";
export {
  COMMAND_STATUSES,
  type CommandResult,
  type CommandStatus,
  commandInvocationEvent,
  parseBody,
  parseCommandResult,
  parseStateChange,
  stateChangeEvent,
} from "./events.js";
export type { Instance, InstanceRef, InstanceState, NetworkInterface } from "./instance.js";
export { type Isolated, isolate } from "./isolate.js";
export { CARRY, carryDelaySeconds, handleStateChanges } from "./launch-batch.js";
export { EC2_BATCH, MAX_GROUPS_PER_INTERFACE, SSM_BATCH } from "./limits.js";
export {
  MEMBERSHIP_FAILURE_BACKOFF_MS,
  MEMBERSHIP_RECHECK_MS,
  MEMBERSHIP_REQUEST_TIMEOUT_MS,
  MEMBERSHIP_TTL_MS,
  type MembershipDeps,
  type UnitAccounts,
  UnitMembership,
  type WithMembership,
  withUnitAccounts,
} from "./membership.js";
export {
  type BatchDeps,
  type BatchResult,
  type DeadLetter,
  type EntryFailure,
  MAX_RECEIVE_COUNT,
  type MessageLog,
  type MessageQueue,
  QUEUE_TUNING,
  type QueueMessage,
  RETRY_BASE_SECONDS,
  RETRY_MAX_SECONDS,
  type Requeued,
  retryDelaySeconds,
  type VisibilityChange,
} from "./messages.js";
export { type OnboardingDeps, onboardInstances } from "./onboard.js";
export { type InstanceRefusal, needsRetry, type Outcome, type OutcomeKind } from "./outcome.js";
export type * from "./ports.js";
export { askReadiness, type Readiness, type WaitingRef } from "./readiness.js";
export {
  type CoordinatorDeps,
  firstItems,
  newRun,
  runTargets,
  startRun,
  type Target,
} from "./reconcile/coordinator.js";
export { type ReconcileReport, reconcile } from "./reconcile/inline.js";
export { countGroups, countOutcomes, type PassResult, reconcileInstances } from "./reconcile/pass.js";
export type { AccountDirectory, StatusPart, StatusStore, WorkQueue } from "./reconcile/ports.js";
export { mergeRun, type ScopeState, scopeStates, supersedes } from "./reconcile/run-summary.js";
export { RECONCILE_TUNING, WORK_VISIBILITY_SECONDS } from "./reconcile/tuning.js";
export {
  nextItem,
  parseWorkItem,
  type ReconcileTrigger,
  type RunRef,
  scopeOf,
  type WorkItem,
  workItemBody,
} from "./reconcile/work-item.js";
export { type Delivery, type PageReport, reconcilePage, type WorkerDeps } from "./reconcile/worker.js";
export {
  type Claim,
  ConditionalLedger,
  DEFAULT_LEDGER_RETRY,
  type LedgerDocument,
  type LedgerRetry,
  type LedgerStore,
  type LedgerWrite,
  type Reservation,
  type ReservationLedger,
  type StoredLedger,
} from "./reservations.js";
export { handleCommandResults } from "./result-batch.js";
export {
  type GroupChange,
  type GroupReason,
  type GroupResult,
  groupChange,
  syncGroups,
  wantsGroup,
} from "./security-group.js";
export * from "./settings.js";
export { type StatusSummary, statusSummary } from "./status-summary.js";
export {
  managedKeys,
  ONBOARDING_STATUSES,
  type OnboardingStatus,
  onboardingStatusOf,
  type Reason,
  type TagKeys,
  tagKeys,
} from "./tags.js";
