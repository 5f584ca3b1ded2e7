// npm run mutate [-- checks|onboarding]: mutation testing with StrykerJS and its vitest runner, one run per scope
// (mutate/scopes.ts). Not in CI: it runs the scope's tests once per mutant, too slow for two cores. Files are
// mutated in place (the workspace packages resolve through node_modules symlinks to the checkout, so a sandbox
// copy would go unseen) and restored by Stryker; run it on a clean tree. Reports go to reports/mutation/.
// Locations are 1-based lines, as Stryker reports them. The last line: `mutation checks=0.NN onboarding=0.NN`; exit 1 when a scope scores below MINIMUM_SCORE.
import { execFileSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { Stryker } from "@stryker-mutator/core";
import { MINIMUM_SCORE, type MutationScope, SCOPES } from "../mutate/scopes";

type MutantResult = Awaited<ReturnType<Stryker["runMutationTest"]>>[number];

const DETECTED = new Set(["Killed", "Timeout"]);
const INVALID = new Set(["CompileError", "RuntimeError", "Ignored", "Pending"]);

/** Detected mutants over valid ones (survived and uncovered count against the score), as Stryker scores. */
function score(results: readonly MutantResult[]): number {
  const valid = results.filter((r) => !INVALID.has(r.status));
  return valid.length === 0 ? 0 : valid.filter((r) => DETECTED.has(r.status)).length / valid.length;
}

async function run(scope: MutationScope): Promise<number> {
  process.env.FLEETWATCH_MUTATION_SCOPE = scope.name;
  const stryker = new Stryker({
    testRunner: "vitest",
    vitest: { configFile: "mutate/vitest.scope.ts", related: false },
    plugins: ["@stryker-mutator/vitest-runner"],
    mutate: scope.mutate,
    inPlace: true,
    coverageAnalysis: "perTest",
    concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
    timeoutMS: 30_000,
    reporters: ["clear-text", "html", "json"],
    htmlReporter: { fileName: `reports/mutation/${scope.name}.html` },
    jsonReporter: { fileName: `reports/mutation/${scope.name}.json` },
    clearTextReporter: { reportTests: false, reportMutants: true, allowColor: false },
    tempDirName: `.stryker-tmp/${scope.name}`,
    cleanTempDir: "always",
  });
  const results = await stryker.runMutationTest();
  const survived = results.filter((r) => r.status === "Survived" || r.status === "NoCoverage");
  for (const r of survived)
    process.stderr.write(
      `${scope.name}: ${r.status.toLowerCase()} ${r.fileName}:${r.location.start.line} ${r.mutatorName} ${JSON.stringify(r.replacement ?? "")}\n`,
    );
  return score(results);
}

/** Tracked executables: Stryker's in-place run writes files back without their exec bit. */
function executables(): string[] {
  return execFileSync("git", ["ls-files", "-s"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.startsWith("100755 "))
    .map((line) => line.split("\t")[1] as string);
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SCOPES.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(
    `mutate: unknown scope ${unknown.join(", ")}; use one of ${SCOPES.map((s) => s.name).join(", ")}`,
  );
  process.exit(3);
}
const scores: string[] = [];
let failed = false;
for (const scope of SCOPES.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  const keep = executables();
  const value = await run(scope);
  for (const file of keep) chmodSync(file, 0o755);
  failed ||= value < MINIMUM_SCORE;
  scores.push(`${scope.name}=${value.toFixed(2)}`);
}
console.log(`mutation ${scores.join(" ")}`);
process.exit(failed ? 1 : 0);
