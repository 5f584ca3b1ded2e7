import type { ReportChange } from "../diff.js";
import type { Report } from "../report.js";
import {
  escapeMrkdwn,
  findingLine,
  header,
  MAX_BLOCKS,
  type SlackMessage,
  STATUS_EMOJI,
  section,
} from "./blocks.js";

/** The message `audit` posts when something changed: what was raised, what resolved. Undefined: nothing to say. */
export function changeMessage(change: ReportChange, report: Report): SlackMessage | undefined {
  if (change.raised.length === 0 && change.resolved.length === 0) return undefined;
  const status = report.summary.status;
  const text = `fleetwatch ${status}: ${change.raised.length} new, ${change.resolved.length} resolved on ${report.bucket}`;
  const blocks = [
    header(`fleetwatch audit: ${status}`),
    section(`${STATUS_EMOJI[status]} *${escapeMrkdwn(report.bucket)}* at ${report.generatedAt}`),
    ...change.raised.slice(0, 20).map((f) => section(findingLine(f))),
    ...(change.resolved.length
      ? [
          section(
            `:white_check_mark: *Resolved*\n${change.resolved
              .slice(0, 30)
              .map((f) => `• ${f.id} \`${escapeMrkdwn(f.subject)}\``)
              .join("\n")}`,
          ),
        ]
      : []),
  ].slice(0, MAX_BLOCKS);
  return { text, blocks };
}
