import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeForbiddenImports, forbiddenImports, importGraph } from "../support/import-graph";

const root = resolve(import.meta.dirname, "../..");

/**
 * What `sst install` may not meet: it evaluates sst.config.ts (bundled with everything it imports, `app()`'s and
 * `run()`'s dynamic imports included) before the platform, and so Pulumi, exists on a fresh machine. The offline
 * harness's root imports Pulumi; its `/organization` subpath is allowed (and walked into).
 */
const beforeThePlatform = (specifier: string) =>
  /^@pulumi\//.test(specifier) || specifier === "@fleetwatch/sst-offline";

describe("sst.config.ts's import graph", () => {
  it("reaches no Pulumi package and not the root of @fleetwatch/sst-offline", async () => {
    const graph = await importGraph("sst.config.ts", root);
    expect(Object.keys(graph.inputs)).toEqual(
      expect.arrayContaining(["stacks/config.ts", "stacks/index.ts"]),
    );
    expect(describeForbiddenImports(forbiddenImports(graph, "sst.config.ts", beforeThePlatform))).toEqual([]);
  });
});

/** A tiny workspace: an entry, two stack modules behind a dynamic import, and an offline harness with a subpath. */
const clean: Record<string, string> = {
  "node_modules/@fleetwatch/sst-offline/package.json": JSON.stringify({
    name: "@fleetwatch/sst-offline",
    type: "module",
    exports: { ".": "./src/index.ts", "./organization": "./src/organization.ts" },
  }),
  "node_modules/@fleetwatch/sst-offline/src/index.ts":
    'import * as pulumi from "@pulumi/pulumi";\nexport const mocks = pulumi;\n',
  "node_modules/@fleetwatch/sst-offline/src/organization.ts":
    'import type { mocks } from "./index.js";\nexport const ORG = "o-a1b2c3d4e5";\nexport type Mocks = typeof mocks;\n',
  "entry.ts":
    'import type { Mocks } from "@fleetwatch/sst-offline";\nexport type M = Mocks;\nexport async function run() { return (await import("./stacks/index.js")).app(); }\n',
  "stacks/index.ts": 'import { calls } from "./calls.js";\nexport const app = () => calls;\n',
  "stacks/calls.ts":
    'import { readFileSync } from "node:fs";\nimport { ORG } from "@fleetwatch/sst-offline/organization";\nexport const calls = [ORG, readFileSync];\n',
};

describe("forbiddenImports", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** The forbidden imports of `entry.ts` in the tiny workspace with `changes` applied. */
  async function forbiddenIn(changes: Record<string, string>): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), "import-graph-"));
    dirs.push(dir);
    for (const [path, text] of Object.entries({ ...clean, ...changes })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const graph = await importGraph("entry.ts", dir);
    return describeForbiddenImports(forbiddenImports(graph, "entry.ts", beforeThePlatform));
  }

  it("finds nothing when the harness is reached only through its subpath and type-only imports", async () => {
    expect(await forbiddenIn({})).toEqual([]);
  });

  it("names the chain, through a dynamic import, to a module importing the harness's root", async () => {
    const calls = 'import { mocks } from "@fleetwatch/sst-offline";\nexport const calls = mocks;\n';
    expect(await forbiddenIn({ "stacks/calls.ts": calls })).toEqual([
      "@fleetwatch/sst-offline via entry.ts -> stacks/index.ts -> stacks/calls.ts",
    ]);
  });

  it("walks into the allowed subpath and names a Pulumi import there", async () => {
    const organization = 'import * as pulumi from "@pulumi/pulumi";\nexport const ORG = pulumi.getStack();\n';
    expect(
      await forbiddenIn({ "node_modules/@fleetwatch/sst-offline/src/organization.ts": organization }),
    ).toEqual([
      "@pulumi/pulumi via entry.ts -> stacks/index.ts -> stacks/calls.ts -> node_modules/@fleetwatch/sst-offline/src/organization.ts",
    ]);
  });
});
