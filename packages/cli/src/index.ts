export {
  type AuditArgs,
  COMMANDS,
  COMMANDS_USAGE,
  type Command,
  PLAN_USAGE,
  type PlanArgs,
  parseAuditArgs,
  parseCommand,
  parsePlanArgs,
  parseRenderArgs,
  RENDER_USAGE,
  type RenderArgs,
  USAGE,
} from "./args.js";
export { loadCliConfig } from "./config-file.js";
export { PlatformError, UsageError } from "./errors.js";
export { type Io, main } from "./main.js";
export { type WrittenOutputs, writeAuditOutputs } from "./outputs.js";
export { planCommand, renderCommand } from "./stage-commands.js";
export { renderTable } from "./table.js";
