import type { ResolvedConfig } from "@fleetwatch/config";
import type { ResolvedOptions } from "../options.js";
import { yamlFile } from "../yaml.js";
import { type AlertRule, oneLine, type RuleFile } from "./alert.js";
import { fleetRules } from "./fleet.js";
import { globalRules } from "./global.js";
import { NODE_RULES } from "./node.js";
import { PROMETHEUS_RULES } from "./prometheus.js";
import { BUCKET_RULES, THANOS_RULES } from "./thanos.js";

export type { AlertRule, AlertSeverity, RuleFile } from "./alert.js";

/** Rule files every Prometheus loads. */
export function groupRuleFiles(config: ResolvedConfig): RuleFile[] {
  return [NODE_RULES, fleetRules(config.nodeExporter.port), PROMETHEUS_RULES, BUCKET_RULES];
}

/** Rule files only the first group's Prometheus pair loads: it alone scrapes the shared services. */
export function stackRuleFiles(): RuleFile[] {
  return [THANOS_RULES];
}

/** Rule files the Thanos Ruler loads. */
export function rulerRuleFiles(config: ResolvedConfig): RuleFile[] {
  return [globalRules(config)];
}

/** Every rule file, each once. */
export function allRuleFiles(config: ResolvedConfig): RuleFile[] {
  return [...groupRuleFiles(config), ...stackRuleFiles(), ...rulerRuleFiles(config)];
}

/** The runbook link of an alert: the section of docs/runbook.md named after it. */
export function runbookUrl(options: ResolvedOptions, alert: string): string {
  return `${options.runbookUrl}#${alert.toLowerCase()}`;
}

function renderRule(rule: AlertRule, options: ResolvedOptions) {
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: options.testing.for ?? rule.for,
    labels: { severity: rule.severity },
    annotations: {
      summary: oneLine(rule.summary),
      description: oneLine(rule.description),
      runbook_url: runbookUrl(options, rule.alert),
    },
  };
}

/** A Prometheus rule file (also what the Thanos Ruler reads). */
export function renderRuleFile(file: RuleFile, options: ResolvedOptions): string {
  return yamlFile({
    groups: [{ name: file.group, rules: file.rules.map((rule) => renderRule(rule, options)) }],
  });
}
