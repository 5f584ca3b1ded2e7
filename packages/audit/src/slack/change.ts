import type { ReportChange } from "../diff.js";
import type { Report } from "../report.js";
import {
  clip,
  escapeMrkdwn,
  findingLine,
  header,
  moreLine,
  type SlackMessage,
  STATUS_EMOJI,
  section,
} from "./blocks.js";

/** New findings shown one section each, and resolved ones listed in one section (30 × ~100 < 3000 characters). */
const RAISED_SHOWN = 20;
const RESOLVED_SHOWN = 30;

/** The message `audit` posts when something changed: what was raised, what resolved. Undefined: nothing to say. */
export function changeMessage(change: ReportChange, report: Report): SlackMessage | undefined {
  if (change.raised.length === 0 && change.resolved.length === 0) return undefined;
  const status = report.summary.status;
  const text = `fleetwatch ${status}: ${change.raised.length} new, ${change.resolved.length} resolved on ${report.bucket}`;
  const blocks = [
    header(`fleetwatch audit: ${status}`),
    section(`${STATUS_EMOJI[status]} *${escapeMrkdwn(report.bucket)}* at ${report.generatedAt}`),
    ...change.raised.slice(0, RAISED_SHOWN).map((f) => section(findingLine(f))),
    ...moreLine(change.raised.length - RAISED_SHOWN, "new findings (see report.json)").map(section),
    ...(change.resolved.length
      ? [
          section(
            [
              ":white_check_mark: *Resolved*",
              ...change.resolved
                .slice(0, RESOLVED_SHOWN)
                .map((f) => `• ${escapeMrkdwn(f.id)} \`${escapeMrkdwn(clip(f.subject, 80))}\``),
              ...moreLine(change.resolved.length - RESOLVED_SHOWN, "resolved"),
            ].join("\n"),
          ),
        ]
      : []),
  ];
  return { text, blocks };
}
