import { readFileSync } from "node:fs";
import { ACCESS_FIXES, type CompactorEvidence, digestMessage, exitCodeOf, runAudit } from "@fleetwatch/audit";
import { AWS_RETRY, bucketName, FileAuditCache, readCompactorMetrics } from "@fleetwatch/audit-aws";
import {
  COMMANDS,
  COMMANDS_USAGE,
  type Command,
  HELP_FLAGS,
  parseAuditArgs,
  parseCommand,
  VERB_HELP,
} from "./args.js";
import { blocksCommand } from "./blocks-command.js";
import { openSource } from "./bucket-source.js";
import { loadCliConfig } from "./config-file.js";
import { isUsageError, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { checkOutDir, outWriteError } from "./out-dir.js";
import { writeAuditOutputs } from "./outputs.js";
import { progressBar } from "./progress.js";
import { planCommand, renderCommand } from "./stage-commands.js";
import { renderTable } from "./table.js";

export type { Io } from "./io.js";

/** The version of the fleetwatch command line: its package's. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/**
 * `fleetwatch <audit|blocks|plan|render> ...`: returns the exit code. `--help`, `-h`, `help [command]` print the usage on
 * stdout (exit 0), `--version` the version; a missing or unknown verb is a usage error (3).
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--version") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first !== undefined && (first === "help" || (HELP_FLAGS as readonly string[]).includes(first)))
    return help(rest[0], io);
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`fleetwatch: ${error.message}\n\n${COMMANDS_USAGE}\n`);
    return 3;
  }
  if (rest.some((arg) => (HELP_FLAGS as readonly string[]).includes(arg))) return help(command, io);
  if (command === "plan") return planCommand(rest, io);
  if (command === "render") return renderCommand(rest, io);
  if (command === "blocks") return blocksCommand(rest, io);
  return audit(argv, io);
}

/** `fleetwatch help [command]`: the usage of all commands, or of one, on stdout. */
function help(command: string | undefined, io: Io): number {
  if (command === undefined) {
    io.stdout.write(`${COMMANDS_USAGE}\n`);
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    io.stderr.write(
      `fleetwatch help: unknown command ${JSON.stringify(command)}: use one of ${COMMANDS.join(", ")}\n`,
    );
    return 3;
  }
  io.stdout.write(`${VERB_HELP[command as Command]}\n`);
  return 0;
}

/** `fleetwatch audit ...`: returns the exit code (0 healthy, 1 warnings, 2 criticals, 3 usage or access error). */
async function audit(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseAuditArgs(argv);
    const out = args.out === undefined ? undefined : checkOutDir("--out", args.out);
    const config = await loadCliConfig(args.config);
    const { location, bucket } = await openSource(args, io.env);
    const compactor: CompactorEvidence = args.compactorUrl
      ? { metrics: await readCompactorMetrics(args.compactorUrl) }
      : {};
    const progress = progressBar(io.stderr);
    const result = await runAudit({
      bucket: "bucket" in args ? args.bucket : bucketName(location),
      lister: bucket,
      reader: bucket,
      ...(args.cache ? { cache: new FileAuditCache(args.cache) } : {}),
      config,
      now: args.now,
      compactor,
      retry: AWS_RETRY,
      onProgress: progress.update,
    });
    progress.stop();
    const { report } = result;
    if (result.stats.cacheError)
      io.stderr.write(
        `fleetwatch audit: warning: --cache ${args.cache} not written (${result.stats.cacheError}): the next run reads every meta.json again\n`,
      );
    if (args.format === "json") io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (args.format === "slack") io.stdout.write(`${JSON.stringify(digestMessage(report), null, 2)}\n`);
    else io.stdout.write(`${renderTable(report)}\n`);
    if (out !== undefined) {
      const files = await writeAuditOutputs(out, result, { now: args.now, config }).catch(
        (error: unknown) => {
          throw (error as NodeJS.ErrnoException).code ? outWriteError("--out", out, error) : error;
        },
      );
      io.stderr.write(`wrote ${files.report}, ${files.slack}, ${files.timeline}\n`);
    }
    // The bucket could not be read for a reason the user must fix (a path, credentials, a name): exit 3, as for
    // any usage or access problem, with the cause and its fix in one line after the report.
    if (result.bucketAccess) {
      const access = result.bucketAccess;
      io.stderr.write(`fleetwatch audit: ${access.message}: ${ACCESS_FIXES[access.kind]}\n`);
      return 3;
    }
    return exitCodeOf(report);
  } catch (error) {
    if (isUsageError(error)) {
      io.stderr.write(`fleetwatch audit: ${error.message} (\`fleetwatch audit --help\` lists the options)\n`);
      return 3;
    }
    throw error;
  }
}
