export {
  type AuditArgs,
  COMMANDS,
  COMMANDS_USAGE,
  type Command,
  HELP_FLAGS,
  PLAN_USAGE,
  type PlanArgs,
  parseAuditArgs,
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
export { loadCliConfig } from "./config-file.js";
export { PlatformError, UsageError } from "./errors.js";
export { type Io, main, VERSION } from "./main.js";
export { checkOutDir, outWriteError } from "./out-dir.js";
export { type WrittenOutputs, writeAuditOutputs } from "./outputs.js";
export { planCommand, renderCommand } from "./stage-commands.js";
export { renderTable } from "./table.js";
