import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { CHECKS, FINDING_IDS } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";

describe("the check registry", () => {
  it("has exactly one check per public finding id, in order", () => {
    expect(CHECKS.map((c) => c.id)).toEqual([...FINDING_IDS]);
  });

  it("keeps one file per check, named for its id, and one test per check", () => {
    const root = resolve(import.meta.dirname, "../..");
    const files = readdirSync(resolve(root, "packages/audit/src/checks")).filter((f) => f !== "index.ts");
    expect(files.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual([...FINDING_IDS].sort());
    const tests = readdirSync(resolve(root, "test/audit/checks"));
    expect(tests.map((f) => f.replace(/\.test\.ts$/, "")).sort()).toEqual([...FINDING_IDS].sort());
  });
});
