import type { Duration } from "@fleetwatch/config";

/** How urgent an alert is; Alertmanager routes on it. */
export type AlertSeverity = "critical" | "warning" | "info";

/** One alerting rule as fleetwatch writes it. */
export interface AlertRule {
  /** PascalCase name; its runbook section is `#<name in lower case>`. */
  readonly alert: string;
  readonly expr: string;
  readonly for: Duration;
  readonly severity: AlertSeverity;
  /** One line, with templated labels. */
  readonly summary: string;
  /** What it means and the first thing to check. */
  readonly description: string;
}

/** A rule file: one rule group. */
export interface RuleFile {
  /** File name under `rules/`, e.g. `node.yml`. */
  readonly file: string;
  /** Rule group name. */
  readonly group: string;
  readonly rules: readonly AlertRule[];
}

/** `$labels.x` in annotations, collapsed to one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
