import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { UsageError } from "./errors.js";

/** Kernel filesystems: writing there hangs or changes the machine, never makes a report. */
const REFUSED_ROOTS = ["/proc", "/sys", "/dev"];

/**
 * Checks, before any work, that `--out DIR` can be a directory to write into: not under /proc, /sys or /dev, not an
 * existing file, and (when it does not exist yet) under a writable directory that it can be created in.
 * @returns the absolute path.
 * @throws UsageError of one line naming the flag and the fix.
 */
export function checkOutDir(flag: string, path: string): string {
  const out = resolve(path);
  const fix = "name a writable directory (it is created if missing)";
  if (REFUSED_ROOTS.some((root) => out === root || out.startsWith(`${root}${sep}`)))
    throw new UsageError(`${flag} ${path}: is under ${out.split(sep).slice(0, 2).join(sep)}: ${fix}`);
  let existing = out;
  for (;;) {
    const stat = statSync(existing, { throwIfNoEntry: false });
    if (stat?.isDirectory()) break;
    if (stat)
      throw new UsageError(
        existing === out
          ? `${flag} ${path}: is a file, not a directory: ${fix}`
          : `${flag} ${path}: ${existing} is a file, not a directory: ${fix}`,
      );
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "not writable";
    throw new UsageError(`${flag} ${path}: ${existing} is not writable (${code}): ${fix}`, { cause: error });
  }
  return out;
}

/** A failed write into `--out DIR` as one line (the disk filled, the directory went away). */
export function outWriteError(flag: string, path: string, error: unknown): UsageError {
  const { code, path: file } = error as NodeJS.ErrnoException;
  return new UsageError(
    `${flag} ${path}: cannot write ${file ?? "into it"} (${code ?? (error as Error).message}): name a writable directory`,
    { cause: error },
  );
}
