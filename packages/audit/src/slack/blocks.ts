import type { Finding, Severity } from "../finding.js";
import type { OverallStatus } from "../report.js";

/** A Slack message: fallback text plus Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] }
  | { type: "image"; image_url: string; alt_text: string; title?: { type: "plain_text"; text: string } }
  | { type: "divider" };

/** Slack's limits: 3000 characters per section text, 150 per header, 50 blocks per message. */
export const SECTION_LIMIT = 3000;
export const MAX_BLOCKS = 50;

export const STATUS_EMOJI: Record<OverallStatus, string> = {
  healthy: ":large_green_circle:",
  warning: ":large_yellow_circle:",
  critical: ":red_circle:",
};

export const SEVERITY_EMOJI: Record<Severity, string> = {
  info: ":information_source:",
  warning: ":warning:",
  critical: ":rotating_light:",
};

/**
 * Makes user data (label values, subjects, evidence) safe in any mrkdwn text, inline code and code blocks included:
 * escapes the three characters Slack reserves (`&`, `<`, `>`) and turns each backtick into U+02CB (ˋ), which looks
 * alike but cannot open or close a code span or block. Every text of a block that carries user data goes through it.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/`/g, "\u02cb");
}

/** The line that says what a list left out for Slack's limits, or nothing when it left out nothing. */
export function moreLine(left: number, what: string): string[] {
  return left > 0 ? [`_…and ${left} more ${what}_`] : [];
}

export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export function section(text: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text: clip(text, SECTION_LIMIT) } };
}

export function header(text: string): SlackBlock {
  return { type: "header", text: { type: "plain_text", text: clip(text, 150) } };
}

/** One finding as a line of mrkdwn with its fix. */
export function findingLine(f: Finding): string {
  return `${SEVERITY_EMOJI[f.severity]} *${escapeMrkdwn(f.id)}* \`${escapeMrkdwn(clip(f.subject, 120))}\`\n${escapeMrkdwn(f.evidence)}\n_Fix:_ ${escapeMrkdwn(f.fix)}`;
}
