import {
  type CompactorEvidence,
  DEFAULT_RETRY,
  digestMessage,
  exitCodeOf,
  runAudit,
} from "@fleetwatch/audit";
import {
  FileAuditCache,
  InvalidBucketUrlError,
  openBucket,
  readCompactorMetrics,
} from "@fleetwatch/audit-aws";
import { COMMANDS_USAGE, parseAuditArgs, parseCommand, USAGE } from "./args.js";
import { loadCliConfig } from "./config-file.js";
import { UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { writeAuditOutputs } from "./outputs.js";
import { progressBar } from "./progress.js";
import { planCommand, renderCommand } from "./stage-commands.js";
import { renderTable } from "./table.js";

export type { Io } from "./io.js";

/**
 * `fleetwatch <audit|plan|render> ...`: returns the exit code. A missing or unknown verb is a usage error (3).
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let command: string;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`fleetwatch: ${error.message}\n\n${COMMANDS_USAGE}\n`);
    return 3;
  }
  if (command === "plan") return planCommand(argv.slice(1), io);
  if (command === "render") return renderCommand(argv.slice(1), io);
  return audit(argv, io);
}

/** `fleetwatch audit ...`: returns the exit code (0 healthy, 1 warnings, 2 criticals, 3 usage error). */
async function audit(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseAuditArgs(argv);
    const config = await loadCliConfig(args.config);
    const { bucket } = openBucket(args.bucket, io.env);
    const compactor: CompactorEvidence = args.compactorUrl
      ? { metrics: await readCompactorMetrics(args.compactorUrl) }
      : {};
    const progress = progressBar(io.stderr);
    const result = await runAudit({
      bucket: args.bucket,
      lister: bucket,
      reader: bucket,
      ...(args.cache ? { cache: new FileAuditCache(args.cache) } : {}),
      config,
      now: args.now,
      compactor,
      retry: DEFAULT_RETRY,
      onProgress: progress.update,
    });
    progress.stop();
    const { report } = result;
    if (args.format === "json") io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (args.format === "slack") io.stdout.write(`${JSON.stringify(digestMessage(report), null, 2)}\n`);
    else io.stdout.write(`${renderTable(report)}\n`);
    if (args.out) {
      const files = await writeAuditOutputs(args.out, result, { now: args.now, config });
      io.stderr.write(`wrote ${files.report}, ${files.slack}, ${files.timeline}\n`);
    }
    return exitCodeOf(report);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidBucketUrlError) {
      io.stderr.write(`fleetwatch: ${error.message}\n\n${USAGE}\n`);
      return 3;
    }
    throw error;
  }
}
