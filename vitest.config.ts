import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const platformModules = fileURLToPath(new URL("./.sst/platform/node_modules/", import.meta.url));

export default defineConfig({
  resolve: {
    // One copy of Pulumi: the platform's. Two copies would hide the mocks from SST's components.
    alias: [{ find: /^@pulumi\/(pulumi|aws)(\/.*)?$/, replacement: `${platformModules}@pulumi/$1$2` }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default"],
  },
});
