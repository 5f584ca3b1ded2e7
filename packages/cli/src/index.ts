export { type AuditArgs, parseAuditArgs, USAGE } from "./args.js";
export { loadCliConfig } from "./config-file.js";
export { UsageError } from "./errors.js";
export { type Io, main } from "./main.js";
export { type WrittenOutputs, writeAuditOutputs } from "./outputs.js";
export { renderTable } from "./table.js";
