import { defineConfig } from "vitest/config";
import base from "../vitest.config";
import { SCOPES } from "./scopes";

// The vitest config of one mutation scope, chosen by FLEETWATCH_MUTATION_SCOPE (set by scripts/mutate.ts): the
// repository's config with only the scope's tests.
const scope = SCOPES.find((s) => s.name === process.env.FLEETWATCH_MUTATION_SCOPE);
if (!scope)
  throw new Error(`FLEETWATCH_MUTATION_SCOPE must be one of ${SCOPES.map((s) => s.name).join(", ")}`);

export default defineConfig({
  ...base,
  test: { ...base.test, include: scope.tests, exclude: ["**/node_modules/**", ...scope.exclude] },
});
