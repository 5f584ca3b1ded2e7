import { type AuditOptions, type AuditResult, runAudit } from "./audit.js";
import { diffReports, hasChange, type ReportChange } from "./diff.js";
import type { Report } from "./report.js";
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

/** What a scheduled audit did. */
export interface ScheduledAuditOutcome extends AuditResult {
  storedAt: string;
  change: ReportChange;
  /** `posted`, `unchanged` (nothing new), or `failed` with the reason (the report is already stored). */
  slack: { status: "posted" | "unchanged" | "disabled" } | { status: "failed"; error: string };
}

/**
 * The `audit` Lambda's job: audit with the previous run's compactor counters, store the report FIRST, then post
 * to Slack only when a warning or critical appeared or resolved. A Slack failure loses nothing.
 */
export async function runScheduledAudit(
  options: AuditOptions & { reports: ReportStore; notifier?: Notifier },
): Promise<ScheduledAuditOutcome> {
  const previous = await options.reports.latest().catch(() => undefined);
  const counters = previous?.compactor.counters;
  const result = await runAudit({
    ...options,
    compactor: { ...options.compactor, ...(counters ? { previous: counters } : {}) },
  });
  const storedAt = await withRetry(
    "store the report",
    () => options.reports.save(result.report),
    options.retry,
  );
  const change = diffReports(previous, result.report);
  const message = hasChange(change) ? changeMessage(change, result.report) : undefined;
  let slack: ScheduledAuditOutcome["slack"] = { status: message ? "posted" : "unchanged" };
  if (!options.notifier) slack = { status: "disabled" };
  else if (message) {
    try {
      await options.notifier.post(message);
    } catch (error) {
      slack = { status: "failed", error: (error as Error).message };
    }
  }
  return { ...result, storedAt, change, slack };
}
