import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkOutDir, UsageError } from "@fleetwatch/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const FIX = "name a writable directory (it is created if missing)";

describe("checkOutDir", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-out-"));
    await writeFile(join(dir, "file"), "x");
    await mkdir(join(dir, "existing"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("takes an existing directory and one that can be created, as absolute paths", () => {
    expect(checkOutDir("--out", join(dir, "existing"))).toBe(join(dir, "existing"));
    expect(checkOutDir("--out", join(dir, "new", "deeper"))).toBe(join(dir, "new", "deeper"));
  });

  it.each([
    ["/proc/self/out", "--out /proc/self/out: is under /proc: "],
    ["/sys/kernel", "--out /sys/kernel: is under /sys: "],
    ["/dev/null", "--out /dev/null: is under /dev: "],
  ])("refuses %s at once, without touching it", (path, start) => {
    expect(() => checkOutDir("--out", path)).toThrow(new UsageError(`${start}${FIX}`));
  });

  it("refuses a file, and a path under a file", () => {
    const file = join(dir, "file");
    expect(() => checkOutDir("--out", file)).toThrow(`--out ${file}: is a file, not a directory: ${FIX}`);
    expect(() => checkOutDir("--out", join(file, "sub"))).toThrow(
      `--out ${join(file, "sub")}: ${file} is a file, not a directory: ${FIX}`,
    );
  });
});
