/**
 * The mutation-testing scopes of `npm run mutate`: which source files Stryker mutates and which tests may kill
 * the mutants. Each scope runs as its own Stryker run with its own vitest config (mutate/vitest.<name>.ts).
 */
export interface MutationScope {
  /** The name printed on the last line (`mutation <name>=0.NN`). */
  name: string;
  /** Globs of the files to mutate. */
  mutate: string[];
  /** Globs of the test files that run against the mutants. */
  tests: string[];
  /**
   * Test files left out: those of a shell asset or a real binary (not the TypeScript in scope), and the property
   * test, whose random draws would kill a mutant in one run and not the next.
   */
  exclude: string[];
}

/** The score each scope must reach; below it `npm run mutate` exits 1. */
export const MINIMUM_SCORE = 0.85;

export const SCOPES: readonly MutationScope[] = [
  {
    name: "checks",
    mutate: ["packages/audit/src/checks/**/*.ts"],
    tests: ["test/audit/checks/**/*.test.ts", "test/audit/audit.test.ts", "test/audit/registry.test.ts"],
    exclude: [],
  },
  {
    name: "onboarding",
    mutate: ["packages/onboarding/src/**/*.ts", "!packages/onboarding/src/index.ts"],
    tests: ["test/onboarding/**/*.test.ts"],
    exclude: ["test/onboarding/node-exporter-*.test.ts", "test/onboarding/onboarding.property.test.ts"],
  },
];
