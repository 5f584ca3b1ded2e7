export {
  type AuditArgs,
  BLOCKS_FORMATS,
  BLOCKS_USAGE,
  type BlocksArgs,
  type BlocksFormat,
  COMMANDS,
  COMMANDS_USAGE,
  type Command,
  HELP_FLAGS,
  PLAN_USAGE,
  type PlanArgs,
  parseAuditArgs,
  parseBlocksArgs,
  parseCommand,
  parseFlags,
  parseIsoTime,
  parsePlanArgs,
  parseRenderArgs,
  RENDER_USAGE,
  type RenderArgs,
  USAGE,
  VERB_HELP,
} from "./args.js";
export { blocksCommand, renderBlocks } from "./blocks-command.js";
export { type BucketSource, bucketSourceOf, openSource } from "./bucket-source.js";
export { loadCliConfig } from "./config-file.js";
export { csvField, renderCsv } from "./csv.js";
export { isUsageError, PlatformError, UsageError } from "./errors.js";
export { type Io, main, VERSION } from "./main.js";
export { checkOutDir, outWriteError } from "./out-dir.js";
export { type WrittenOutputs, writeAuditOutputs } from "./outputs.js";
export { planCommand, renderCommand } from "./stage-commands.js";
export { renderColumns, renderTable } from "./table.js";
