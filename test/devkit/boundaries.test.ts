import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.[cm]?[jt]s$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe("@fleetwatch/devkit's place in the workspace", () => {
  it("is private and depends on no package that is not a workspace package", () => {
    const manifest = JSON.parse(readFileSync(join(root, "packages/devkit/package.json"), "utf8"));
    expect(manifest.name).toBe("@fleetwatch/devkit");
    expect(manifest.private).toBe(true);
    for (const dep of Object.keys(manifest.dependencies ?? {})) expect(dep).toMatch(/^@fleetwatch\//);
  });

  it("is a dependency of no other package, and no shipped code imports it", () => {
    const others = readdirSync(join(root, "packages")).filter((p) => p !== "devkit");
    const offenders: string[] = [];
    for (const pkg of others) {
      const manifest = readFileSync(join(root, "packages", pkg, "package.json"), "utf8");
      if (manifest.includes("@fleetwatch/devkit")) offenders.push(`packages/${pkg}/package.json`);
    }
    const shipped = [
      ...others.map((p) => join(root, "packages", p, "src")),
      join(root, "functions"),
      join(root, "stacks"),
    ];
    for (const file of shipped.flatMap(sources)) {
      const text = readFileSync(file, "utf8");
      if (/["']@fleetwatch\/devkit|packages\/devkit/.test(text)) offenders.push(relative(root, file));
    }
    expect(offenders).toEqual([]);
  });

  it("is what the scripts and benchmarks use of the test machinery: none imports from test/", () => {
    const offenders = [join(root, "scripts"), join(root, "bench")]
      .flatMap(sources)
      .filter((file) => /from\s+["'][./]*\/test\//.test(readFileSync(file, "utf8")))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});
