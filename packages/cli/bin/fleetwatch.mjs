#!/usr/bin/env node
// The package ships TypeScript source; tsx's ESM loader runs it on the Node that started this file.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
