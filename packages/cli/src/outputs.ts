import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type AuditConfig,
  type AuditResult,
  type DigestOptions,
  digestMessage,
  renderTimeline,
} from "@fleetwatch/audit";

/** Files written by `--out` and the demo. */
export interface WrittenOutputs {
  report: string;
  slack: string;
  timeline: string;
}

/** Writes report.json, slack.json (the digest's Block Kit payload) and timeline.png into `dir`. */
export async function writeAuditOutputs(
  dir: string,
  result: AuditResult,
  options: { now: number; config: AuditConfig; digest?: DigestOptions },
): Promise<WrittenOutputs> {
  await mkdir(dir, { recursive: true });
  const files = {
    report: join(dir, "report.json"),
    slack: join(dir, "slack.json"),
    timeline: join(dir, "timeline.png"),
  };
  await writeFile(files.report, `${JSON.stringify(result.report, null, 2)}\n`);
  await writeFile(files.slack, `${JSON.stringify(digestMessage(result.report, options.digest), null, 2)}\n`);
  await writeFile(
    files.timeline,
    renderTimeline(result.view, {
      now: options.now,
      config: options.config,
      title: result.report.bucket,
      findings: result.report.findings,
    }),
  );
  return files;
}
