#!/usr/bin/env node
// The package ships TypeScript source; tsx's ESM loader runs it on the Node that started this file, with the
// repository's tsconfig (its paths resolve Pulumi from .sst/platform for `fleetwatch plan`) whatever the cwd.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const tsconfig = fileURLToPath(new URL("../../../tsconfig.json", import.meta.url));
register(existsSync(tsconfig) ? { tsconfig } : {});
const { main } = await import("../src/main.ts");
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Exit once stdout is flushed: a plan leaves Pulumi's handles open, and a pipe takes the output in chunks.
process.stdout.write("", () => process.exit(code));
