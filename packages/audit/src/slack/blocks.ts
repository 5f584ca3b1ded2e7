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

/** Escapes the three characters Slack's mrkdwn reserves. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
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
  return `${SEVERITY_EMOJI[f.severity]} *${f.id}* \`${escapeMrkdwn(clip(f.subject, 120))}\`\n${escapeMrkdwn(f.evidence)}\n_Fix:_ ${escapeMrkdwn(f.fix)}`;
}
