import { compareSeverity, type Finding, findingKey } from "./finding.js";
import type { Report } from "./report.js";

/** What changed between two reports: new or worse warnings and criticals, and those that went away. */
export interface ReportChange {
  raised: Finding[];
  resolved: Finding[];
}

const serious = (f: Finding) => f.severity !== "info";

/**
 * Compares a report with the previous one. A finding is raised when its (id, subject) was not serious before or
 * its severity grew; resolved when it was serious and is no longer. Without a previous report every serious
 * finding is raised.
 */
export function diffReports(
  previous: Pick<Report, "findings"> | undefined,
  current: Pick<Report, "findings">,
): ReportChange {
  const before = new Map((previous?.findings ?? []).filter(serious).map((f) => [findingKey(f), f]));
  const now = new Map(current.findings.filter(serious).map((f) => [findingKey(f), f]));
  const raised = [...now.values()].filter((f) => {
    const old = before.get(findingKey(f));
    return !old || compareSeverity(f.severity, old.severity) > 0;
  });
  const resolved = [...before.values()].filter((f) => !now.has(findingKey(f)));
  return { raised, resolved };
}

/** Whether a change is worth a message. */
export function hasChange(change: ReportChange): boolean {
  return change.raised.length > 0 || change.resolved.length > 0;
}
