import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");

/** What a finished subprocess said: its exit code, stdout and stderr, whatever the code. */
export interface ProcessOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args` from the repository root (60 s at most) and resolves with its outcome, failed or not. */
export function runProcess(file: string, args: readonly string[], timeout = 60_000): Promise<ProcessOutcome> {
  return run(file, [...args], { cwd: ROOT, timeout }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: ProcessOutcome) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
