// npm run typecheck: tsc over sst.config.ts, stacks, functions, packages, scripts and tests, with the
// project's strict options. sst.config.ts pulls SST's own component sources (.sst/platform/src) into the
// program; they are not written for noUncheckedIndexedAccess, so only their diagnostics are left out.
import { relative, resolve } from "node:path";
import ts from "typescript";

const root = resolve(import.meta.dirname, "..");
const configPath = resolve(root, "tsconfig.json");
const { config, error } = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const platform = resolve(root, ".sst", "platform");
const ours = ts
  .getPreEmitDiagnostics(program)
  .filter((d) => !d.file || !relative(platform, d.file.fileName).match(/^[^.]/));

const host: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => root,
  getNewLine: () => "\n",
};
if (ours.length > 0) {
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(ours, host));
  process.stderr.write(`\n${ours.length} type error(s)\n`);
  process.exit(1);
}
console.log(`typecheck: ${parsed.fileNames.length} files, no errors`);
