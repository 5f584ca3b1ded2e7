import type { PartName } from "@fleetwatch/state-layout";
import type { StatusSummary, UnreachableAccount } from "../status-summary.js";
import type { WorkItem } from "./work-item.js";

/** The reconcile's work queue (SQS), and its dead-letter queue. */
export interface WorkQueue {
  /** Sends the items (SendMessageBatch, 10 per call); throws when any of them could not be sent. */
  enqueue(items: readonly WorkItem[]): Promise<void>;
  /** Puts a message body on the dead-letter queue with the reason it was given up. */
  deadLetter(body: string, reason: string): Promise<void>;
}

/** A page's partial status summary: the running instances of one page by status, or why its scope failed. */
export interface StatusPart extends PartName {
  /** Running instances per status after the page's pass (absent on a `failed` part). */
  instancesByStatus: Record<string, number>;
  /** Instances AWS refused for good on the page (absent on a `failed` part). */
  refused?: StatusSummary["refused"];
  /** Why the scope was given up (`failed` parts only). */
  error?: string;
  /** With a `failed` part: the scope's member account could not be entered (not a failure of the run). */
  unreachable?: UnreachableAccount;
}

/** The state bucket as the reconcile keeps its status: per-page parts of each run, and the merged summary. */
export interface StatusStore {
  putPart(part: StatusPart): Promise<void>;
  /** The parts written for a run so far (from a listing: no object is read). */
  partNames(runId: string): Promise<PartName[]>;
  readParts(names: readonly PartName[]): Promise<StatusPart[]>;
  /** The summary the digest reads now, if any. */
  published(): Promise<StatusSummary | undefined>;
  publish(summary: StatusSummary): Promise<void>;
}

/** The accounts of Organization units (AWS Organizations), for the reconcile coordinator in Organization mode. */
export interface AccountDirectory {
  /** The ACTIVE accounts of the units and of their child units, at any depth (each listed once). */
  activeAccounts(units: readonly string[]): Promise<string[]>;
}
