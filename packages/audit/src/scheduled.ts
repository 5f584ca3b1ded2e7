import { labelsKey } from "@fleetwatch/thanos";
import { type AuditOptions, type AuditResult, runAudit } from "./audit.js";
import {
  afterDelivery,
  claimHeld,
  type DeliveryState,
  type DeliveryStore,
  EMPTY_DELIVERY,
  nextExpected,
  readCompletely,
  type StoredDelivery,
  undelivered,
  withoutGone,
} from "./delivery.js";
import { hasChange, type ReportChange } from "./diff.js";
import { discoverySource } from "./discovery.js";
import { describeError } from "./errors.js";
import { type Finding, sortFindings } from "./finding.js";
import { overallStatus, type Report } from "./report.js";
import { withRetry } from "./retry.js";
import type { SlackMessage } from "./slack/blocks.js";
import { changeMessage } from "./slack/change.js";

/** Where reports are kept (the state bucket's `reports/`). */
export interface ReportStore {
  /** The most recent report, or undefined on the first run. */
  latest(): Promise<Report | undefined>;
  /** Persists a report as the latest; returns where it went. */
  save(report: Report): Promise<string>;
}

/** Posts a message to Slack. Throws when every retry failed. */
export interface Notifier {
  post(message: SlackMessage): Promise<void>;
}

/** What the run did with Slack. */
export type SlackDelivery =
  /** The undelivered change was posted and recorded as delivered. */
  | { status: "posted" }
  /** Everything found was already delivered. */
  | { status: "unchanged" }
  /** No webhook configured. */
  | { status: "disabled" }
  /** Another run holds the claim on this change (or wrote the state first): it posts, this one does not. */
  | { status: "busy" }
  /** The post failed; the change stays undelivered and the next run posts it. */
  | { status: "failed"; error: string }
  /** The delivery state could not be read: nothing posted, nothing resolved, the next run catches up. */
  | { status: "held"; error: string };

/** What a scheduled audit did. */
export interface ScheduledAuditOutcome extends AuditResult {
  /** Where the report went; absent when it could not be stored (`storeError`). */
  storedAt?: string;
  storeError?: string;
  /** What Slack had not been told when the run began (posted unless `slack` says otherwise). */
  change: ReportChange;
  slack: SlackDelivery;
  /** A delivery-state write that failed after its retries (a claim then expires after `claimMs`). */
  stateError?: string;
}

/** Options of {@link runScheduledAudit}. */
export interface ScheduledAuditOptions extends AuditOptions {
  reports: ReportStore;
  /** What was delivered to Slack (in AWS the same S3ReportStore: `reports/delivered.json`). */
  delivery: DeliveryStore;
  notifier?: Notifier;
  /** How long a run's claim on posting holds if it dies mid-post, ms. @default 900000 (a Lambda's limit) */
  claimMs?: number;
}

/** The subject of the `source-unavailable` finding of an unreadable delivery state. */
export const DELIVERY_STATE_SUBJECT = "delivery state";

const NO_CHANGE: ReportChange = { raised: [], resolved: [] };

/**
 * The `audit` Lambda's job: audit with the compactor counters the delivery state carries, store the report, then
 * post to Slack what Slack has not been told (alert delivery as state, {@link DeliveryState}):
 * - a change stays undelivered until a post of it succeeded, so a Slack outage delays an alert, never loses it;
 * - only a complete read resolves a finding ({@link readCompletely}); an unreadable delivery state holds every post and adds one
 *   `source-unavailable` finding;
 * - the state is written conditionally and a run claims it before posting, so of two runs at once one posts.
 */
export async function runScheduledAudit(options: ScheduledAuditOptions): Promise<ScheduledAuditOutcome> {
  const { delivery, retry } = options;
  let stored: StoredDelivery | undefined;
  let readError: string | undefined;
  try {
    stored = await withRetry("read the delivery state", () => delivery.readDelivery(), retry);
  } catch (error) {
    readError = describeError(error);
  }
  const state = stored?.state ?? (readError === undefined ? await seed(options) : undefined);
  const counters = state?.counters;
  const expected = state
    ? nextExpected(state.expected, options.config.expectedStreams.map(labelsKey), options.now)
    : undefined;
  const result = await runAudit({
    ...options,
    compactor: { ...options.compactor, ...(counters ? { previous: counters } : {}) },
    ...(expected ? { expectedSince: sinceOf(expected) } : {}),
  });
  const report =
    readError === undefined
      ? result.report
      : withFinding(result.report, stateFinding(readError, delivery.deliveryLocation));
  const outcome = { ...result, report, ...(await store(options, report)) };
  if (!state) return { ...outcome, change: NO_CHANGE, slack: { status: "held", error: readError ?? "" } };

  const resolvable = readCompletely(
    report.compactor.sources,
    report.shards?.source,
    discoverySource(options.discovery),
  );
  const change = undelivered(state, report.findings, resolvable);
  const base: DeliveryState = {
    version: 1,
    delivered: withoutGone(state.delivered, report.findings, resolvable),
    ...(report.compactor.counters ? { counters: report.compactor.counters } : {}),
    ...(expected && Object.keys(expected).length > 0 ? { expected } : {}),
  };
  const write = (next: DeliveryState, etag: string | undefined) =>
    withRetry("write the delivery state", () => delivery.writeDelivery(next, etag), retry);
  const etag = stored?.etag;
  const done = async (slack: SlackDelivery, writing?: () => Promise<unknown>) => {
    const stateError = writing ? await writing().then(() => undefined, describeError) : undefined;
    return { ...outcome, change, slack, ...(stateError ? { stateError } : {}) };
  };

  if (claimHeld(state, options.now)) return done({ status: "busy" });
  const message = hasChange(change) ? changeMessage(change, report) : undefined;
  if (!options.notifier || !message)
    return done({ status: options.notifier ? "unchanged" : "disabled" }, () => write(base, etag));

  const until = new Date(options.now + (options.claimMs ?? 15 * 60_000)).toISOString();
  let claimed: string | undefined;
  try {
    claimed = await write({ ...base, claim: { until } }, etag);
  } catch (error) {
    return done({ status: "failed", error: `claim the delivery state: ${describeError(error)}` });
  }
  if (claimed === undefined) return done({ status: "busy" });
  try {
    await options.notifier.post(message);
  } catch (error) {
    return done({ status: "failed", error: describeError(error) }, () => write(base, claimed));
  }
  return done({ status: "posted" }, () =>
    write({ ...base, delivered: afterDelivery(base.delivered, change) }, claimed),
  );
}

/**
 * The state of a first run: what the latest report found counts as delivered (a deployment that predates the
 * delivery state does not re-announce), with its counters; nothing when there is no readable report.
 */
async function seed(options: ScheduledAuditOptions): Promise<DeliveryState> {
  const latest = await withRetry(
    "read the latest report",
    () => options.reports.latest(),
    options.retry,
  ).catch(() => undefined);
  if (!latest) return EMPTY_DELIVERY;
  const found = latest.findings.filter((f) => f.subject !== DELIVERY_STATE_SUBJECT);
  const open = undelivered(EMPTY_DELIVERY, found);
  return {
    version: 1,
    delivered: afterDelivery({}, open),
    ...(latest.compactor.counters ? { counters: latest.compactor.counters } : {}),
  };
}

/** The ISO times of the delivery state's `expected`, as the audit's `expectedSince` (Unix ms). */
function sinceOf(expected: Record<string, string>): Record<string, number> {
  return Object.fromEntries(Object.entries(expected).map(([key, iso]) => [key, Date.parse(iso)]));
}

/** Stores the report; a failure is reported, it does not stop the delivery. */
async function store(
  options: ScheduledAuditOptions,
  report: Report,
): Promise<{ storedAt: string } | { storeError: string }> {
  try {
    return {
      storedAt: await withRetry("store the report", () => options.reports.save(report), options.retry),
    };
  } catch (error) {
    return { storeError: describeError(error) };
  }
}

function stateFinding(error: string, location: string): Finding {
  return {
    id: "source-unavailable",
    severity: "warning",
    subject: DELIVERY_STATE_SUBJECT,
    evidence: `could not read what was delivered to Slack: ${error}`.slice(0, 300),
    fix: `check the audit's s3:GetObject on ${location}; delete a corrupt one to start over`,
  };
}

/** The report with one more finding, its summary counted again. */
function withFinding(report: Report, finding: Finding): Report {
  const findings = sortFindings([...report.findings, finding]);
  const counts = {
    ...report.summary.findings,
    [finding.severity]: report.summary.findings[finding.severity] + 1,
  };
  return {
    ...report,
    findings,
    summary: { ...report.summary, status: overallStatus(findings), findings: counts },
  };
}
