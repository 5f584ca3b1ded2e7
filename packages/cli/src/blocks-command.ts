import {
  ACCESS_FIXES,
  BLOCK_COLUMNS,
  type BlockRow,
  blockCells,
  blockJson,
  bucketAccessErrorOf,
  describeError,
  inspectBucket,
} from "@fleetwatch/audit";
import { AWS_RETRY } from "@fleetwatch/audit-aws";
import { type BlocksFormat, parseBlocksArgs } from "./args.js";
import { openSource } from "./bucket-source.js";
import { renderCsv } from "./csv.js";
import { isUsageError } from "./errors.js";
import type { Io } from "./io.js";
import { renderColumns } from "./table.js";

/** The blocks as `--format` prints them (each ends in a newline). */
export function renderBlocks(rows: readonly BlockRow[], format: BlocksFormat): string {
  if (format === "json") return `${JSON.stringify(rows.map(blockJson), null, 2)}\n`;
  const cells = rows.map((row) => {
    const byColumn = blockCells(row);
    return BLOCK_COLUMNS.map((column) => byColumn[column]);
  });
  return format === "csv" ? renderCsv(BLOCK_COLUMNS, cells) : `${renderColumns(BLOCK_COLUMNS, cells)}\n`;
}

/**
 * `fleetwatch blocks ...`: the bucket's blocks matching `--selector`, sorted, on stdout.
 * @returns 0 listed; 3 for a usage, objstore.yml or access error (one line with the fix on stderr); 1 when the
 *   bucket could not be read for another reason (after retries).
 */
export async function blocksCommand(args: readonly string[], io: Io): Promise<number> {
  const fail = (line: string, code: number) => {
    io.stderr.write(`fleetwatch blocks: ${line}\n`);
    return code;
  };
  try {
    const options = parseBlocksArgs(args);
    const { bucket } = await openSource(options, io.env);
    const rows = await inspectBucket({
      lister: bucket,
      reader: bucket,
      now: Date.now(),
      retry: AWS_RETRY,
      selector: options.selector,
      sort: options.sort,
    });
    io.stdout.write(renderBlocks(rows, options.format));
    return 0;
  } catch (error) {
    if (isUsageError(error))
      return fail(`${error.message} (\`fleetwatch blocks --help\` lists the options)`, 3);
    const access = bucketAccessErrorOf(error);
    if (access) return fail(`${access.message}: ${ACCESS_FIXES[access.kind]}`, 3);
    return fail(`could not read the bucket: ${describeError(error)}`, 1);
  }
}
