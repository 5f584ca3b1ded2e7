import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../infra/harness";
import { layoutLiterals, sources } from "./layout-literals";

const SCANNED = ["stacks", "functions", "packages"];
const OWNER = join("packages", "state-layout");

describe("the state bucket's layout", () => {
  it("is spelled in packages/state-layout only", () => {
    const files = SCANNED.flatMap((d) => sources(join(ROOT, d))).filter(
      (f) => !relative(ROOT, f).startsWith(OWNER),
    );
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => layoutLiterals(relative(ROOT, f), readFileSync(f, "utf8")));
    expect(found, "import the key or prefix from @fleetwatch/state-layout instead").toEqual([]);
  });

  it("is importable by pure domain packages: it depends on zod only, never an AWS SDK", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, OWNER, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(["zod"]);
    const imports = sources(join(ROOT, OWNER, "src")).flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/from "([^".][^"]*)"/g)].map((m) => m[1]),
    );
    expect(new Set(imports)).toEqual(new Set(["zod"]));
  });

  it.each<[string, string, number]>([
    ["a key in double quotes", 'const k = "reports/latest.json";', 1],
    ["a prefix in a template", `const k = \`digests/\${day}/x.png\`;`, 1],
    ["a bare granted prefix", "grant({ readWrite: ['audit/'] });", 1],
    ["the config pointer", 'put("config/current")', 1],
    ["a key in a comment", "// writes reports/latest.json\n/** digests/ */ const a = 1;", 0],
    ["a handler path that mentions onboarding", 'handler: "functions/onboarding/onboard.handler"', 0],
    ["a URL", 'const u = "s3://bucket/x"; // reports/', 0],
  ])("finds %s", (_, text, count) => {
    expect(layoutLiterals("x.ts", text)).toHaveLength(count);
  });
});
